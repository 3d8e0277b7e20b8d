import { DatePicker, type DatePickerProps } from 'antd';
import type { Dayjs } from 'dayjs';

/**
 * A calendar day as Vietnamese forms write it (dd/mm/yyyy), optionally bounded: `from` and `to` are ISO days
 * (inclusive) outside which no day can be picked (a due date from the day of issue, a day of issue up to today).
 */
export function DayPicker({ from, to, ...props }: DatePickerProps<Dayjs, false> & { from?: string; to?: string }) {
  return (
    <DatePicker
      format="DD/MM/YYYY"
      placeholder="dd/mm/yyyy"
      disabledDate={
        from || to
          ? (d) => {
              const day = d.format('YYYY-MM-DD');
              return (!!from && day < from) || (!!to && day > to);
            }
          : undefined
      }
      {...props}
    />
  );
}
