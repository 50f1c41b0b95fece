// Times arrive as ISO-8601 UTC instants and are shown in the desk's local time; due dates are
// calendar dates (YYYY-MM-DD) and are shown as they are, never shifted by a time zone.

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `YYYY-MM-DD HH:mm` in local time; an unreadable value is shown as it came. */
export function localDateTime(isoInstant: string): string {
  const date = new Date(isoInstant);
  if (Number.isNaN(date.getTime())) return isoInstant;
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** A calendar date as `YYYY-MM-DD`; an instant is taken as its local calendar day. */
export function calendarDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const shown = localDateTime(value);
  return shown === value ? value : shown.slice(0, 10);
}
