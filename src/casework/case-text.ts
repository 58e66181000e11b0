// What members and reporters write to each other and to the file (notes, messages, answers): one
// limit and one check, for the office's forms and the public status page alike.
import { CaseRefused } from './casework.errors.ts';

/** Notes, messages and answers: at most this many characters. */
export const TEXT_MAX = 5000;

export function checkText(input: unknown, field = 'text'): string {
  const text = typeof input === 'string' ? input.normalize('NFC').replace(/\r\n?/g, '\n').trim() : '';
  if (!text) throw new CaseRefused('text-empty', field);
  if (text.length > TEXT_MAX) throw new CaseRefused('text-too-long', field);
  return text;
}
