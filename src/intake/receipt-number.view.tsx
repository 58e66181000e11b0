// The identification number as it is shown: each group of four in an element that never breaks
// (CSS), with a break allowed only after a dash. The text is the number exactly as grouped, so
// selecting or copying it gives "ABCD-EFGH-JKMN-PQRS".
import { Fragment } from 'preact';

export function ReceiptGroups({ receipt }: { receipt: string }) {
  const groups = receipt.split('-');
  return (
    <>
      {groups.map((group, i) => (
        // A dash followed by a digit is no break opportunity of its own (it could be a minus
        // sign), so <wbr> gives one after every dash.
        <Fragment key={i}>
          {i > 0 ? (
            <>
              -<wbr />
            </>
          ) : null}
          <span class="receipt-group">{group}</span>
        </Fragment>
      ))}
    </>
  );
}
