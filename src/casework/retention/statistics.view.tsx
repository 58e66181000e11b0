// The statistics page: per month, newest first, how many reports the organisation received, and
// per channel a table by category and classification (purged reports included), three columns
// that fit a phone's width and scroll sideways when a label will not wrap; and a year filter that
// is a plain GET form. Pure: labels come translated from the presenter.
import { type OfficeContext, OfficeLayout } from '../../office/office-layout.view.tsx';
import { Select } from '../../web/form.view.tsx';

export type StatisticsLine = { category: string; classification: string; count: number };
export type StatisticsChannel = { id: string; title: string; total: number; lines: StatisticsLine[] };
export type StatisticsMonth = { month: string; label: string; total: number; channels: StatisticsChannel[] };

export function StatisticsPage(props: { ctx: OfficeContext; months: StatisticsMonth[]; years: string[]; year: string }) {
  const { ctx, months, years, year } = props;
  const { t } = ctx;
  return (
    <OfficeLayout ctx={ctx} title={t('office.statistics.title')}>
      <h1>{t('office.statistics.title')}</h1>
      <p>{t('office.statistics.intro')}</p>
      {years.length > 0 ? (
        <form method="get" action="/office/statistics" class="filters">
          <Select
            name="year"
            label={t('office.statistics.year')}
            value={year}
            placeholder={t('office.statistics.allYears')}
            options={years.map((y) => ({ value: y, label: y }))}
          />
          <button type="submit" class="secondary">
            {t('office.statistics.show')}
          </button>
        </form>
      ) : null}
      {months.length === 0 ? <p>{year ? t('office.statistics.emptyYear', { year }) : t('office.statistics.empty')}</p> : null}
      {months.map((m) => (
        <div key={m.month}>
          <h2>{m.label}</h2>
          <p data-total={m.month}>{t('office.statistics.total', { count: m.total })}</p>
          {m.channels.map((c) => (
            <section key={c.id} class="table-scroll" aria-labelledby={`caption-${m.month}-${c.id}`} tabindex={0}>
              <table class="office-table statistics" data-month={m.month} data-channel={c.id}>
                <caption id={`caption-${m.month}-${c.id}`}>{t('office.statistics.caption', { channel: c.title, count: c.total })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('office.statistics.column.category')}</th>
                    <th scope="col">{t('office.statistics.column.classification')}</th>
                    <th scope="col">{t('office.statistics.column.count')}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.lines.map((line) => (
                    <tr key={`${line.category}|${line.classification}`}>
                      <td>{line.category}</td>
                      <td>{line.classification}</td>
                      <td>{line.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </div>
      ))}
    </OfficeLayout>
  );
}
