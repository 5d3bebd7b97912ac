/**
 * Every migration, in order. A static map (not a folder scan) so the bundled server carries them.
 * Add a new file and list it here; never edit one that has shipped.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_initial';
import * as m0002 from './0002_admin';
import * as m0003 from './0003_passkeys';
import * as m0004 from './0004_usage';
import * as m0005 from './0005_search';
import * as m0006 from './0006_branches';
import * as m0007 from './0007_tool_calls';
import * as m0008 from './0008_token_scopes';
import * as m0009 from './0009_people_chat';
import * as m0010 from './0010_tasks';
import * as m0011 from './0011_music';
import * as m0013 from './0013_connection_settings';
import * as m0014 from './0014_family';
import * as m0015 from './0015_generation_limits';

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_admin': m0002,
  '0003_passkeys': m0003,
  '0004_usage': m0004,
  '0005_search': m0005,
  '0006_branches': m0006,
  '0007_tool_calls': m0007,
  '0008_token_scopes': m0008,
  '0009_people_chat': m0009,
  '0010_tasks': m0010,
  '0011_music': m0011,
  '0013_connection_settings': m0013,
  '0014_family': m0014,
  '0015_generation_limits': m0015,
};
