// Recovery's domain errors. The web layer answers each by its kind and code
// (web/domain-errors.ts); the messages are `office.error.<code>` in content/messages/office-recovery.

export type SheetRefusalCode = 'sheet-unreadable' | 'sheet-from-other-set' | 'too-few-sheets' | 'sheets-do-not-match' | 'same-sheet-twice';

const WHY: Record<SheetRefusalCode, string> = {
  'sheet-unreadable': 'has a typing error',
  'sheet-from-other-set': 'belongs to another set of sheets',
  'too-few-sheets': 'fewer sheets than the threshold',
  'sheets-do-not-match': 'the sheets do not rebuild this organisation’s key',
  'same-sheet-twice': 'was entered before',
};

/**
 * Sheets that do not rebuild the key, and why. `sheet` is the 1-based position in the input of
 * the sheet at fault, when one is; `threshold`, how many sheets are needed ('too-few-sheets').
 * The messages take them as `{sheet}` and `{threshold}`.
 */
export class SheetRefused extends Error {
  override name = 'SheetRefused';
  readonly kind = 'invalid';
  readonly sheet?: number;
  readonly threshold?: number;
  constructor(
    readonly code: SheetRefusalCode,
    about: { sheet?: number; threshold?: number } = {},
  ) {
    super(about.sheet ? `sheet ${about.sheet} ${WHY[code]}` : WHY[code]);
    if (about.sheet !== undefined) this.sheet = about.sheet;
    if (about.threshold !== undefined) this.threshold = about.threshold;
  }
}

/** Sheets and threshold out of range: 2 ≤ threshold ≤ shares ≤ 10. */
export class RecoverySetInvalid extends Error {
  override name = 'RecoverySetInvalid';
  readonly kind = 'invalid';
  readonly code = 'invalid-recovery-set';
  constructor(readonly field: 'threshold' | 'shares') {
    super(`${field} out of range: 2 ≤ threshold ≤ shares ≤ 10`);
  }
}
