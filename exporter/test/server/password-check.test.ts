import bcrypt from 'bcryptjs';
import { PasswordCheck } from '../../src/server/password-check';

describe('password checks', () => {
  const hash = bcrypt.hashSync('right', 4);
  const users = new Map([['prometheus', hash]]);

  it('keeps an accepted password however many wrong ones follow', async () => {
    const check = new PasswordCheck(users, { cachedVerdicts: 3, pendingChecks: 100 });
    expect(await check.check('prometheus', 'right')).toBe('accepted');
    const compare = jest.spyOn(bcrypt, 'compare');
    for (let i = 0; i < 10; i++) expect(await check.check('prometheus', `wrong ${i}`)).toBe('refused');
    expect(await check.check('prometheus', 'right')).toBe('accepted');
    expect(compare).toHaveBeenCalledTimes(10); // the wrong ones only
    compare.mockRestore();
  });

  it('sheds checks beyond the pending bound at once, without bcrypt', async () => {
    const check = new PasswordCheck(users, { cachedVerdicts: 100, pendingChecks: 2 });
    const verdicts = await Promise.all(
      ['a', 'b', 'c', 'd', 'right'].map((password) => check.check('prometheus', password)),
    );
    expect(verdicts).toEqual(['refused', 'refused', 'busy', 'busy', 'busy']);
    // once the queue has drained, the shed password is checked like any other
    expect(await check.check('prometheus', 'right')).toBe('accepted');
  });
});
