import type { Refresher } from '../refresh/refresher';

/** What the HTTP endpoints answer from. */
export interface AppContext {
  refresher: Refresher;
  /** the database target for humans, without password */
  databaseTarget: string;
  mode: 'demo' | 'database';
}
