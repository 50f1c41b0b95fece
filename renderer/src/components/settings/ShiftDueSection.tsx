// The supervisor's bulk due-date shift over a closure (DESIGN §2 holidays): choose the closure and
// the new date, preview the loans it moves, then apply it after a confirmation. Changing a date
// after the preview asks for a new preview, so what is applied is what the supervisor saw.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShiftDuePreview } from '../../../../shared/types';
import { call, toApiError, type ApiError } from '../../api';
import { libraryName, useLibrariesStore } from '../../store/libraries';
import { ErrorBanner } from '../ErrorBanner';
import { SettingsSection, topField, useFieldErrorText } from './SettingsSection';

type DateField = 'from' | 'to' | 'newDate';
const DATE_FIELDS: readonly DateField[] = ['from', 'to', 'newDate'];
type Dates = Record<DateField, string>;

export function ShiftDueSection() {
  const { t } = useTranslation();
  const confirmTitleId = useId();
  const errorText = useFieldErrorText();
  const byCode = useLibrariesStore((state) => state.byCode);
  const [dates, setDates] = useState<Dates>({ from: '', to: '', newDate: '' });
  const [local, setLocal] = useState<Partial<Record<DateField, string>>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [preview, setPreview] = useState<ShiftDuePreview | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const fresh = preview !== null && DATE_FIELDS.every((field) => preview[field] === dates[field]);

  /** What can be said without asking main: empty dates, a closure ending before it starts, a date inside it. */
  const check = (): boolean => {
    const problems: Partial<Record<DateField, string>> = {};
    for (const field of DATE_FIELDS) if (dates[field] === '') problems[field] = t('settings.shift.required');
    if (!problems.from && !problems.to && dates.to < dates.from) problems.to = t('settings.shift.endBeforeStart');
    if (!problems.newDate && !problems.from && !problems.to && dates.newDate >= dates.from && dates.newDate <= dates.to) {
      problems.newDate = t('settings.shift.insideClosure');
    }
    setLocal(problems);
    return Object.keys(problems).length === 0;
  };

  const runPreview = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    if (!check()) return;
    setBusy(true);
    try {
      setPreview(await call('loans.shiftPreview', dates));
    } catch (caught) {
      setPreview(null);
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (!preview) return;
    setBusy(true);
    setError(null);
    try {
      const result = await call('loans.shiftDue', { from: preview.from, to: preview.to, newDate: preview.newDate });
      setDone(t('settings.shift.done', { count: result.moved.length, date: result.newDate }));
      setPreview(null);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  const at = (field: DateField) => local[field] ?? (topField(error) === field && error ? errorText(error) : undefined);
  const unplaced = error && !DATE_FIELDS.some((field) => topField(error) === field);
  const pastLender = preview?.loans.filter((loan) => loan.pastLenderDue).length ?? 0;

  return (
    <SettingsSection title={t('settings.shift.heading')} testId="settings-shift" hint={t('settings.shift.hint')}>
      <Box component="form" onSubmit={(event) => void runPreview(event)} noValidate sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'flex-start' }}>
        {DATE_FIELDS.map((field) => (
          <TextField
            key={field}
            size="small"
            type="date"
            label={t(`settings.shift.${field}`)}
            value={dates[field]}
            onChange={(event) => {
              setDates((prev) => ({ ...prev, [field]: event.target.value }));
              setLocal((prev) => ({ ...prev, [field]: undefined }));
              setDone(null);
            }}
            required
            error={at(field) !== undefined}
            helperText={at(field)}
            sx={{ minWidth: 180 }}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': `shift-${field}` } }}
          />
        ))}
        <Button type="submit" variant="outlined" disabled={busy} data-testid="shift-preview">
          {t('settings.shift.preview')}
        </Button>
      </Box>
      {unplaced && <ErrorBanner error={error} testId="shift-error" />}
      <Box aria-live="polite">
        {done && (
          <Alert severity="success" sx={{ mt: 1.5 }} data-testid="shift-done">
            {done}
          </Alert>
        )}
        {preview && !fresh && (
          <Alert severity="info" sx={{ mt: 1.5 }}>
            {t('settings.shift.stale')}
          </Alert>
        )}
      </Box>
      {preview && fresh && (
        <Box sx={{ mt: 2 }} data-testid="shift-preview-result" data-count={preview.loans.length}>
          <Typography variant="body2" sx={{ fontWeight: 600, mb: 1 }}>
            {preview.loans.length === 0 ? t('settings.shift.none') : t('settings.shift.count', { count: preview.loans.length })}
          </Typography>
          {pastLender > 0 && (
            <Alert severity="warning" sx={{ mb: 1 }} data-testid="shift-past-lender">
              {t('settings.shift.pastLenderDueNote', { count: pastLender })}
            </Alert>
          )}
          {preview.loans.length > 0 && (
            <>
              {/* A long list scrolls in its own box, which the keyboard can reach and scroll. */}
              <Box tabIndex={0} role="region" aria-label={t('settings.shift.tableLabel')} sx={{ overflowX: 'auto', maxHeight: 420, overflowY: 'auto' }}>
                <Table size="small" stickyHeader aria-label={t('settings.shift.tableLabel')}>
                  <TableHead>
                    <TableRow>
                      <TableCell>{t('settings.shift.columns.id')}</TableCell>
                      <TableCell>{t('settings.shift.columns.title')}</TableCell>
                      <TableCell>{t('settings.shift.columns.reader')}</TableCell>
                      <TableCell>{t('settings.shift.columns.lender')}</TableCell>
                      <TableCell>{t('settings.shift.columns.dueDate')}</TableCell>
                      <TableCell>{t('settings.shift.columns.newDate')}</TableCell>
                      <TableCell>{t('settings.shift.columns.lenderDueDate')}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {preview.loans.map((loan) => (
                      <TableRow key={loan.id} data-testid="shift-row" data-request-id={loan.id}>
                        <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{loan.id}</TableCell>
                        <TableCell sx={{ maxWidth: 280, overflowWrap: 'anywhere' }}>{loan.title}</TableCell>
                        <TableCell>{loan.readerName ?? t('common.empty')}</TableCell>
                        <TableCell>{loan.lenderCode ? libraryName(byCode, loan.lenderCode, 'short') : t('common.empty')}</TableCell>
                        <TableCell sx={{ whiteSpace: 'nowrap' }}>{loan.dueDate}</TableCell>
                        <TableCell sx={{ whiteSpace: 'nowrap', fontWeight: 600 }}>{preview.newDate}</TableCell>
                        <TableCell sx={{ whiteSpace: 'nowrap', color: loan.pastLenderDue ? 'warning.main' : undefined }}>
                          {loan.lenderDueDate ?? t('common.empty')}
                          {loan.pastLenderDue && ` · ${t('settings.shift.pastLenderDue')}`}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </Box>
              <Button variant="contained" color="warning" sx={{ mt: 1.5 }} disabled={busy} onClick={() => setConfirming(true)} data-testid="shift-apply">
                {t('settings.shift.apply')}
              </Button>
            </>
          )}
        </Box>
      )}
      {confirming && preview && (
        <Dialog open onClose={busy ? undefined : () => setConfirming(false)} aria-labelledby={confirmTitleId} data-testid="shift-confirm-dialog">
          <DialogTitle id={confirmTitleId}>{t('settings.shift.confirmTitle')}</DialogTitle>
          <DialogContent>
            <DialogContentText>{t('settings.shift.confirmText', { count: preview.loans.length, date: preview.newDate })}</DialogContentText>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setConfirming(false)} disabled={busy}>
              {t('settings.cancel')}
            </Button>
            <Button variant="contained" color="warning" onClick={() => void apply()} disabled={busy} data-testid="shift-confirm">
              {t('settings.shift.apply')}
            </Button>
          </DialogActions>
        </Dialog>
      )}
    </SettingsSection>
  );
}
