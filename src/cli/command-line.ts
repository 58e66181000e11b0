// What every command shares: its signature, its two kinds of failure (a command line that does not
// parse, and a refusal the operator can act on), reading options, and printing a table.
import { parseArgs } from 'node:util';
import { AccountRefused } from '../accounts/accounts.errors.ts';
import type { Config } from '../config.ts';
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from '../i18n/locales.ts';

export type Command = (config: Config, args: string[]) => Promise<number>;

/** A refusal the operator can act on: printed as one line, exit 1. */
export class CliError extends Error {
  override name = 'CliError';
}

/** A command line that does not parse: printed with the usage, exit 2, nothing opened. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type StringOptions = Record<string, { type: 'string' }>;

/** The options (all `--name value`) and exactly `count` positional arguments, or a UsageError. */
export function parse<T extends StringOptions>(args: string[], options: T, count: number): { values: { [K in keyof T]?: string }; positionals: string[] } {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length !== count) {
    throw new UsageError(`expected ${count === 0 ? 'no' : count} argument${count === 1 ? '' : 's'}, got ${parsed.positionals.length}`);
  }
  return { values: parsed.values as { [K in keyof T]?: string }, positionals: parsed.positionals };
}

export function localeOption(value: string | undefined): Locale {
  if (value === undefined) return DEFAULT_LOCALE;
  if (!isLocale(value)) throw new UsageError(`--locale must be one of ${LOCALES.join(', ')}`);
  return value;
}

/** The account services' refusals as one line for the operator; anything else as it was. */
export function refusal(error: unknown): never {
  if (!(error instanceof AccountRefused)) throw error;
  if (error.code === 'login-taken') throw new CliError('refused: an account with this login exists already');
  if (error.code === 'email-invalid' && error.field === 'login') throw new CliError('refused: a login is 3 to 120 letters, digits and . _ @ + -');
  if (error.code === 'email-invalid') throw new CliError('refused: not one valid e-mail address');
  throw new CliError(`refused: ${error.code}`);
}

/** Rows as aligned columns under a header; one line saying so when there are none. */
export function printTable(header: string[], rows: string[][], none: string): void {
  if (rows.length === 0) {
    console.log(none);
    return;
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '));
}
