import { Presets, SingleBar } from 'cli-progress';

/** Progress of long work counted in rows: a bar on a terminal, periodic structured lines otherwise. */
export interface Progress {
  start(total: number): void;
  update(rows: number): void;
  stop(): void;
}

const since = (started: number) => Math.max((performance.now() - started) / 1000, 1e-3);

/** The bar of cli-progress, with the rate it does not show by itself. */
export function progressBar(stream: NodeJS.WriteStream): Progress {
  const bar = new SingleBar(
    {
      stream,
      format: 'seeding |{bar}| {percentage}% · {value}/{total} rows · {rate} rows/s · ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  let started = 0;
  return {
    start(total) {
      started = performance.now();
      bar.start(total, 0, { rate: 0 });
    },
    update(rows) {
      if (rows > bar.getTotal()) bar.setTotal(rows);
      bar.update(rows, { rate: Math.round(rows / since(started)) });
    },
    stop: () => bar.stop(),
  };
}

/**
 * Where no terminal shows a bar (a log, a container): a line every `everyMs` and one at the end,
 * `progress {"rows":…,"total":…,"rowsPerSecond":…,"etaSeconds":…}`, like the seed's other lines.
 */
export function progressLines(write: (line: string) => void, everyMs = 5000): Progress {
  let started = 0;
  let total = 0;
  let last = 0;
  let rows = 0;
  const line = () => {
    const rate = rows / since(started);
    const etaSeconds = rate > 0 ? Math.max(0, Math.round((total - rows) / rate)) : null;
    write(`progress ${JSON.stringify({ rows, total, rowsPerSecond: Math.round(rate), etaSeconds })}`);
  };
  return {
    start(expected) {
      started = performance.now();
      last = started;
      total = expected;
    },
    update(done) {
      rows = done;
      total = Math.max(total, done);
      if (performance.now() - last < everyMs) return;
      last = performance.now();
      line();
    },
    stop: line,
  };
}
