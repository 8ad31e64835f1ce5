/**
 * The embedded database's data folder is checked before initdb runs, as the operating-system user
 * that will run it (`postgres` when the hub runs as root): a folder it cannot use is refused with
 * a message naming the folder, that user and what to do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkDataDir, databaseUser, DataDirError } from '../../scripts/lib/embedded-postgres';

let base: string;
beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-datadir-'));
  fs.chmodSync(base, 0o755);
});
afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

const user = databaseUser();
const refusal = (dataDir: string): string => {
  try {
    checkDataDir(dataDir, user);
  } catch (error) {
    expect(error).toBeInstanceOf(DataDirError);
    return (error as Error).message;
  }
  throw new Error(`${dataDir} was accepted`);
};

it('accepts a new folder, an empty one and one in a folder the user can enter', () => {
  expect(() => checkDataDir(path.join(base, 'a', 'b', 'postgres'), user)).not.toThrow();
  fs.mkdirSync(path.join(base, 'empty'));
  expect(() => checkDataDir(path.join(base, 'empty'), user)).not.toThrow();
});

it('refuses a folder the user cannot enter, naming the folder, the user and what to do', () => {
  const closed = path.join(base, 'closed');
  fs.mkdirSync(closed, { mode: 0o700 });
  fs.chmodSync(closed, 0o700);
  const message = refusal(path.join(closed, 'postgres'));
  if (user.dropsRoot) {
    expect(message).toBe(
      `HUB_DATA_DIR ${closed}/postgres cannot be used: the embedded PostgreSQL runs as the operating-system user "postgres" (the hub runs as root, and PostgreSQL refuses to run as root), ` +
        `and that user cannot enter ${closed} (mode 700, owner ${os.userInfo().username}). To fix it: let it enter the folder (e.g. chmod o+x ${closed}); ` +
        'or choose another HUB_DATA_DIR, or set DATABASE_URL to use a PostgreSQL server of your own.',
    );
  } else {
    // Not root: the folder is the user's own, so it can enter it; only root can make this case.
    expect(message).toContain(closed);
  }
});

it('refuses a file in place of the folder, and a non-empty folder that is not a data folder', () => {
  const file = path.join(base, 'file');
  fs.writeFileSync(file, 'x');
  expect(refusal(file)).toContain(
    `HUB_DATA_DIR ${file} cannot be used: the embedded PostgreSQL runs as the operating-system user "${user.name}"`,
  );
  expect(refusal(file)).toContain('it is a file, not a folder. To fix it: remove or rename the file');
  const full = path.join(base, 'full');
  fs.mkdirSync(full);
  fs.writeFileSync(path.join(full, 'notes.txt'), 'x');
  expect(refusal(full)).toContain(
    'the folder is not empty and is not a PostgreSQL data folder (no PG_VERSION). To fix it: empty it',
  );
});

it('refuses a data folder the user cannot read and write', () => {
  if (!user.dropsRoot) return; // only root can hand a folder to nobody
  const data = path.join(base, 'data');
  fs.mkdirSync(data);
  fs.writeFileSync(path.join(data, 'PG_VERSION'), '17\n');
  fs.chmodSync(data, 0o700); // owned by root: the postgres user cannot use it
  expect(refusal(data)).toContain(
    `that user cannot read and write the folder (mode 700, owner root). To fix it: give it to that user (e.g. chown -R postgres ${data})`,
  );
});
