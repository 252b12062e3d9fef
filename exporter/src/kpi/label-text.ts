/**
 * Characters no label value may hold: control characters, and the invisible ones that make a value
 * read differently from what it is (bidi overrides and isolates, zero-width spaces and joiners, the
 * byte-order mark, the soft hyphen). Declared once as code-point ranges; the check in JavaScript and
 * the one in SQL derive from them.
 */
const RANGES: readonly [number, number][] = [
  [0x00, 0x1f], // C0 controls
  [0x7f, 0x9f], // DEL, C1 controls
  [0xad, 0xad], // soft hyphen
  [0x61c, 0x61c], // Arabic letter mark
  [0x180e, 0x180e], // Mongolian vowel separator
  [0x200b, 0x200f], // zero-width space, non-joiner, joiner, LRM, RLM
  [0x202a, 0x202e], // bidi embeddings and overrides
  [0x2060, 0x2064], // word joiner, invisible operators
  [0x2066, 0x206f], // bidi isolates, deprecated format characters
  [0xfeff, 0xfeff], // byte-order mark, zero-width no-break space
];

const hex = (n: number) => `\\u{${n.toString(16)}}`;

/** Matches a string holding any of them. */
export const UNPRINTABLE = new RegExp(`[${RANGES.map(([a, b]) => `${hex(a)}-${hex(b)}`).join('')}]`, 'u');

/** Each character's UTF-8 bytes in hex, e.g. e2808b for U+200B. */
const UTF8_HEX = RANGES.flatMap(([a, b]) =>
  Array.from({ length: b - a + 1 }, (_, i) => Buffer.from(String.fromCodePoint(a + i)).toString('hex')),
);

const SQL_ASCII = `current_setting('server_encoding') = 'SQL_ASCII'`;
/** A SQL_ASCII database's text as the bytes it is (no conversion, no validation), in hex. */
const bytesHex = (expression: string) => `encode(convert_to(${expression}, 'SQL_ASCII'), 'hex')`;
/** Cheap first look in a SQL_ASCII database: only text with a byte outside printable ASCII needs more. */
const notPlainAscii = (expression: string) => `${expression} ~ '[^ -~]'`;
/** The ranges as a regex class of PostgreSQL (text never holds NUL, which it cannot write). */
const SQL_CLASS = `[${RANGES.map(([a, b]) => `\\u${Math.max(a, 1).toString(16).padStart(4, '0')}-\\u${b.toString(16).padStart(4, '0')}`).join('')}]`;

/**
 * SQL that is true when the text expression holds any of them: a regex class, as fast as
 * [[:cntrl:]], in a database that knows its encoding. A SQL_ASCII database does not (a class would
 * match each byte of a Chinese character): there the UTF-8 bytes are looked at, at character
 * boundaries, and only for text that is not plain ASCII.
 */
export const unprintableSql = (expression: string): string =>
  `case when ${SQL_ASCII} then ${notPlainAscii(expression)} and ${bytesHex(expression)} ~ '^(..)*(${UTF8_HEX.join('|')})' else ${expression} ~ '${SQL_CLASS}' end`;

/** Well-formed UTF-8 (RFC 3629, table 3-7 of Unicode), one character after the other, in hex. */
const UTF8_CHARACTER = [
  '[0-7][0-9a-f]',
  '(c[2-9a-f]|d[0-9a-f])[89ab][0-9a-f]',
  'e0[ab][0-9a-f][89ab][0-9a-f]',
  '(e[1-9a-c]|e[ef])[89ab][0-9a-f][89ab][0-9a-f]',
  'ed[89][0-9a-f][89ab][0-9a-f]',
  'f0[9ab][0-9a-f]([89ab][0-9a-f]){2}',
  'f[1-3]([89ab][0-9a-f]){3}',
  'f48[0-9a-f]([89ab][0-9a-f]){2}',
].join('|');

/** SQL that is true when the text expression is not UTF-8 (possible in a SQL_ASCII database only). */
export const notUtf8Sql = (expression: string): string =>
  `(${SQL_ASCII} and ${notPlainAscii(expression)} and ${bytesHex(expression)} !~ '^(${UTF8_CHARACTER})*$')`;

/**
 * What a text that was not UTF-8 arrives as: node-postgres decodes bytes as UTF-8 and puts the
 * replacement character where they are not.
 */
export const NOT_UTF8 = /\ufffd/u;
