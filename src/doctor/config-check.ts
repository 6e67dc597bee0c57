import { ConfigError, loadConfig, type Config } from '../config.ts';
import { failed, passed, type CheckResult } from './check-result.ts';

const NAME = 'Configuration';

/**
 * Reads the configuration as the bot does (loadConfig over the same environment). Valid: one ✓
 * line naming the choices that shape the other checks (Slack mode, database, Entra credential),
 * never a value that could be a secret. Invalid: one ✗ line per bad setting, as ConfigError lists
 * them (the setting and what it should hold, never its value).
 */
export function checkConfig(env: Record<string, string | undefined>): { config: Config | undefined; results: CheckResult[] } {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // One fix, under the last line: it is the same for every setting.
    const last = error.problems.length - 1;
    return { config: undefined, results: error.problems.map((problem, i) => failed(NAME, problem, i === last ? 'set each of these as the configuration table in README.md says' : undefined)) };
  }
  const mode = config.slack.appToken ? 'Socket Mode' : 'HTTP mode';
  const database = config.database.url ? 'PostgreSQL (DATABASE_URL)' : `embedded database in ${config.database.dataDir}`;
  const credential = {
    secret: 'client secret',
    certificate: 'client certificate',
    'workload-identity': 'workload identity',
    'managed-identity': 'managed identity',
  }[config.azure.credential.kind];
  return { config, results: [passed(NAME, `valid: ${mode}, ${database}, Entra credential: ${credential}`)] };
}
