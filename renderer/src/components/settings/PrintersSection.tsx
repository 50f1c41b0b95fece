// Printer and paper per kind of slip (取书单, 索书单, 装箱单, 还书日期单). The printer is typed for
// now (the Electron shell will offer the system's printers later); a supervisor saves, a clerk reads.
import Box from '@mui/material/Box';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PAPER_SIZES, PDF_PRINTER, SLIP_KINDS, type PaperSize, type PrinterSettings, type PrintTargets, type SlipKind } from '../../../../shared/types';
import { call, toApiError, type ApiError } from '../../api';
import { useIsSupervisor } from '../../store/session';
import { useSettingsStore } from '../../store/settings';
import { ErrorBanner } from '../ErrorBanner';
import { SaveBar, SettingsSection, useFieldErrorText } from './SettingsSection';

export function PrintersSection() {
  const { t } = useTranslation();
  const supervisor = useIsSupervisor();
  const stored = useSettingsStore((state) => state.printers);
  const [draft, setDraft] = useState<PrinterSettings | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const errorText = useFieldErrorText();

  const [targets, setTargets] = useState<PrintTargets | null>(null);

  useEffect(() => {
    void useSettingsStore.getState().loadPrinters();
    // What this desk can print to: Electron lists the system's printers; the browser host saves PDFs.
    call('print.targets', {}).then(setTargets, () => setTargets(null));
  }, []);
  const form = draft ?? stored.value;

  const change = (kind: SlipKind, part: Partial<PrinterSettings[SlipKind]>) => {
    if (!form) return;
    setDraft({ ...form, [kind]: { ...form[kind], ...part } });
    setSaved(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form) return;
    setBusy(true);
    setError(null);
    try {
      await useSettingsStore.getState().savePrinters(form);
      setDraft(null);
      setSaved(true);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const at = (kind: SlipKind, part: 'printer' | 'paper') => (error?.field === `${kind}.${part}` ? errorText(error) : undefined);
  const unplaced = error && !SLIP_KINDS.some((kind) => error.field?.startsWith(`${kind}.`));

  return (
    <SettingsSection title={t('settings.printers.heading')} testId="settings-printers" hint={t('settings.printers.hint')}>
      {stored.error && <ErrorBanner error={stored.error} onRetry={() => void useSettingsStore.getState().loadPrinters()} />}
      {!supervisor && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {t('settings.supervisorOnly')}
        </Typography>
      )}
      {targets && (
        <Typography variant="body2" sx={{ mb: 1.5 }} data-testid="print-targets">
          {targets.mode === 'pdf'
            ? t('settings.printers.pdfOnly', { dir: targets.pdfDir ?? '' })
            : t('settings.printers.systemPrinters', { printers: targets.printers.join('、') || t('settings.printers.none'), pdf: PDF_PRINTER, dir: targets.pdfDir ?? '' })}
        </Typography>
      )}
      {targets && targets.mode === 'printers' && (
        <datalist id="printer-names">
          {[...targets.printers, PDF_PRINTER].map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      )}
      {form && (
        <Box component="form" onSubmit={(event) => void submit(event)} noValidate>
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '8em minmax(14em, 1fr) 13em' }, gap: 1.5, alignItems: 'start' }}>
            {SLIP_KINDS.map((kind) => {
              const slip = t(`settings.printers.slips.${kind}`);
              return (
                <Box key={kind} sx={{ display: 'contents' }} data-testid={`printer-row-${kind}`}>
                  <Typography component="div" variant="body2" sx={{ fontWeight: 600, pt: 1 }}>
                    {slip}
                  </Typography>
                  <TextField
                    size="small"
                    label={t('settings.printers.printer', { slip })}
                    placeholder={t('settings.printers.printerPlaceholder')}
                    value={form[kind].printer}
                    onChange={(event) => change(kind, { printer: event.target.value })}
                    error={at(kind, 'printer') !== undefined}
                    helperText={at(kind, 'printer')}
                    slotProps={{ inputLabel: { shrink: true }, htmlInput: { readOnly: !supervisor, maxLength: 100, list: 'printer-names', 'data-testid': `printer-name-${kind}` } }}
                  />
                  <TextField
                    select
                    size="small"
                    label={t('settings.printers.paper', { slip })}
                    value={form[kind].paper}
                    onChange={(event) => change(kind, { paper: event.target.value as PaperSize })}
                    disabled={!supervisor}
                    error={at(kind, 'paper') !== undefined}
                    helperText={at(kind, 'paper')}
                    slotProps={{ select: { native: true }, htmlInput: { 'data-testid': `printer-paper-${kind}` } }}
                  >
                    {PAPER_SIZES.map((paper) => (
                      <option key={paper} value={paper}>
                        {t(`settings.printers.papers.${paper}`)}
                      </option>
                    ))}
                  </TextField>
                </Box>
              );
            })}
          </Box>
          {unplaced && <ErrorBanner error={error} testId="printers-error" />}
          {supervisor && <SaveBar testId="printers" disabled={busy || draft === null} saved={saved ? t('settings.printers.saved') : null} />}
        </Box>
      )}
    </SettingsSection>
  );
}
