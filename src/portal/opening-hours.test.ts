import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Hours } from '../content/content.schema.ts';
import { openState } from './opening-hours.ts';

const weekdays: Hours = { verification: 'verified', weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '09:00', close: '16:00' }] };
// The shape of the schedule childprotection.lu gave for 45 45 45 (every day 15–23, and Friday and
// Saturday nights 23–07), here as if it were verified, to test overnight lines.
const evenings: Hours = {
  verification: 'verified',
  weekly: [
    { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open: '15:00', close: '23:00' },
    { days: ['fri', 'sat'], open: '23:00', close: '07:00' },
  ],
};

const state = (hours: Hours, iso: string) => {
  const s = openState(hours, new Date(iso));
  if (s.kind === 'open') return `open until ${s.closesAt.toISO({ suppressMilliseconds: true })}`;
  if (s.kind === 'closed') return `closed, opens ${s.opensAt?.toISO({ suppressMilliseconds: true })}`;
  return s.kind;
};

test('a weekday service is open in its hours, Luxembourg time, and says when it opens next', () => {
  // 2026-11-23 is a Monday; Luxembourg is UTC+1 in winter.
  assert.equal(state(weekdays, '2026-11-23T08:30:00Z'), 'open until 2026-11-23T16:00:00+01:00');
  assert.equal(state(weekdays, '2026-11-23T07:59:00Z'), 'closed, opens 2026-11-23T09:00:00+01:00');
  assert.equal(state(weekdays, '2026-11-23T15:00:00Z'), 'closed, opens 2026-11-24T09:00:00+01:00');
  // Friday evening: next opening is Monday.
  assert.equal(state(weekdays, '2026-11-27T18:00:00Z'), 'closed, opens 2026-11-30T09:00:00+01:00');
});

test('summer time moves the opening by an hour in UTC, and the change weekend is handled', () => {
  // 2026-07-01 (Wednesday), UTC+2: 09:00 local is 07:00Z.
  assert.equal(state(weekdays, '2026-07-01T07:00:00Z'), 'open until 2026-07-01T16:00:00+02:00');
  assert.equal(state(weekdays, '2026-07-01T06:59:00Z'), 'closed, opens 2026-07-01T09:00:00+02:00');
  // Clocks go forward on Sunday 2026-03-29; Saturday night the next opening is Monday 09:00 summer time.
  assert.equal(state(weekdays, '2026-03-28T23:30:00Z'), 'closed, opens 2026-03-30T09:00:00+02:00');
  // Clocks go back on Sunday 2026-10-25: Friday 23 Oct was summer time, Monday 26 is winter time.
  assert.equal(state(weekdays, '2026-10-24T12:00:00Z'), 'closed, opens 2026-10-26T09:00:00+01:00');
});

test('overnight hours run past midnight, and back-to-back lines count as one opening', () => {
  // Friday 2026-11-27 at 22:00 local: open 15–23 then straight on 23–07 Saturday morning.
  assert.equal(state(evenings, '2026-11-27T21:00:00Z'), 'open until 2026-11-28T07:00:00+01:00');
  // Saturday 03:00 local (inside Friday's night line).
  assert.equal(state(evenings, '2026-11-28T02:00:00Z'), 'open until 2026-11-28T07:00:00+01:00');
  // Sunday 03:00 local: Saturday's night line. Monday 03:00: closed until 15:00.
  assert.equal(state(evenings, '2026-11-29T02:00:00Z'), 'open until 2026-11-29T07:00:00+01:00');
  assert.equal(state(evenings, '2026-11-30T02:00:00Z'), 'closed, opens 2026-11-30T15:00:00+01:00');
  // Tuesday 23:30 local: no night line on Tuesdays.
  assert.equal(state(evenings, '2026-11-24T22:30:00Z'), 'closed, opens 2026-11-25T15:00:00+01:00');
});

test('a night line across the autumn clock change lasts its real length', () => {
  // Saturday 2026-10-24 23:00 CEST → Sunday 07:00 CET: 9 real hours because of the extra hour.
  const s = openState(evenings, new Date('2026-10-25T01:30:00Z'));
  assert.equal(s.kind, 'open');
  if (s.kind === 'open') assert.equal(s.closesAt.toISO({ suppressMilliseconds: true }), '2026-10-25T07:00:00+01:00');
});

test('24/7 services are always open; services without hours are unknown, never "closed"', () => {
  assert.equal(openState({ verification: 'verified', always: true }, new Date()).kind, 'always');
  assert.equal(openState(undefined, new Date()).kind, 'unknown');
  assert.equal(openState({ verification: 'verified', weekly: [] }, new Date()).kind, 'unknown');
});

test('a schedule that is not verified never says open, closed or when it opens, at any moment', () => {
  for (const verification of ['unverified', 'not-identified', 'obsolete'] as const) {
    for (const hours of [
      { ...evenings, verification },
      { ...weekdays, verification },
      { verification, always: true },
    ]) {
      fc.assert(
        fc.property(fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true }), (now) => {
          assert.equal(openState(hours, now).kind, 'unconfirmed');
        }),
        { numRuns: 300 },
      );
    }
  }
  // The moment childprotection.lu's timetable would say "open": Friday 22:00.
  assert.equal(state({ ...evenings, verification: 'unverified' }, '2026-11-27T21:00:00Z'), 'unconfirmed');
});

test('a public holiday closes a line for the day, or gives it other hours, and the next opening skips it', () => {
  // Friday 2026-12-25 closed, Thursday 2026-12-24 open 09:00–12:00 only.
  const holidays: Hours = {
    ...weekdays,
    exceptions: [
      { date: '2026-12-25', closed: true },
      { date: '2026-12-24', open: '09:00', close: '12:00' },
    ],
  };
  assert.equal(state(holidays, '2026-12-25T09:00:00Z'), 'closed, opens 2026-12-28T09:00:00+01:00');
  assert.equal(state(holidays, '2026-12-24T09:00:00Z'), 'open until 2026-12-24T12:00:00+01:00');
  assert.equal(state(holidays, '2026-12-24T12:00:00Z'), 'closed, opens 2026-12-28T09:00:00+01:00');
  // The same moments without the exceptions: the weekly hours.
  assert.equal(state(weekdays, '2026-12-25T09:00:00Z'), 'open until 2026-12-25T16:00:00+01:00');
});
