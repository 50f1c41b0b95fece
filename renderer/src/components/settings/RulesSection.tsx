// The library's rules of DESIGN §2 as it has set them (rules.get). A supervisor changes them
// (rules.set); a clerk reads them. Each number is checked against the rule's own range before it is
// sent, and a refusal from main is shown at the field it names. Money is typed in yuan, kept in fen.
import Box from '@mui/material/Box';
import FormControlLabel from '@mui/material/FormControlLabel';
import InputAdornment from '@mui/material/InputAdornment';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { libraryRulesSchema, type LibraryRules } from '../../../../shared/rules';
import { toApiError, type ApiError } from '../../api';
import { useIsSupervisor } from '../../store/session';
import { useSettingsStore } from '../../store/settings';
import { ErrorBanner } from '../ErrorBanner';
import { SaveBar, SettingsSection, topField, useFieldErrorText } from './SettingsSection';

type NumberRule = 'maxOpenRequestsPerReader' | 'loanPeriodDays' | 'returnMarginDays' | 'holdShelfDays' | 'readerCancelWindowMinutes';
type MoneyRule = 'overdueFinePerDayFen' | 'readerServiceFeeFen' | 'lostBookChargeFen' | 'courierCostFen';
type TextRule = NumberRule | MoneyRule;

const NUMBER_RULES: readonly NumberRule[] = ['maxOpenRequestsPerReader', 'loanPeriodDays', 'returnMarginDays', 'holdShelfDays', 'readerCancelWindowMinutes'];
const MONEY_RULES: readonly MoneyRule[] = ['overdueFinePerDayFen', 'readerServiceFeeFen', 'lostBookChargeFen', 'courierCostFen'];
const TEXT_RULES: readonly TextRule[] = [...NUMBER_RULES, ...MONEY_RULES];

/** The rule's own range, from the schema main checks with. */
function rangeOf(rule: TextRule): { min: number; max: number } {
  const schema = libraryRulesSchema.shape[rule];
  return { min: schema.minValue ?? 0, max: schema.maxValue ?? Number.MAX_SAFE_INTEGER };
}

function fenToYuan(fen: number): string {
  return (fen / 100).toFixed(2).replace(/\.?0+$/, '');
}

/** Yuan as typed (`0.5`, `5`, `1.25`) to fen, or null when it is not an amount. */
function yuanToFen(text: string): number | null {
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

type Draft = Record<TextRule, string> & { lenderMayRecall: boolean };

function draftOf(rules: LibraryRules): Draft {
  const draft = { lenderMayRecall: rules.lenderMayRecall } as Draft;
  for (const rule of NUMBER_RULES) draft[rule] = String(rules[rule]);
  for (const rule of MONEY_RULES) draft[rule] = fenToYuan(rules[rule]);
  return draft;
}

export function RulesSection() {
  const { t } = useTranslation();
  const supervisor = useIsSupervisor();
  const stored = useSettingsStore((state) => state.rules);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [local, setLocal] = useState<Partial<Record<TextRule, string>>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const errorText = useFieldErrorText();

  useEffect(() => {
    void useSettingsStore.getState().loadRules();
  }, []);
  const form = draft ?? (stored.value ? draftOf(stored.value) : null);

  const edit = (part: Partial<Draft>) => {
    if (!form) return;
    setDraft({ ...form, ...part });
    setSaved(false);
  };

  /** The changed rules as main takes them, or the words for each field that is not a valid value. */
  const collect = (values: Draft, current: LibraryRules): { changes: Partial<LibraryRules>; problems: Partial<Record<TextRule, string>> } => {
    const changes: Partial<LibraryRules> = {};
    const problems: Partial<Record<TextRule, string>> = {};
    for (const rule of TEXT_RULES) {
      const money = (MONEY_RULES as readonly string[]).includes(rule);
      const value = money ? yuanToFen(values[rule]) : /^\d{1,9}$/.test(values[rule].trim()) ? Number(values[rule].trim()) : null;
      const { min, max } = rangeOf(rule);
      if (value === null || value < min || value > max) {
        problems[rule] = money ? t('settings.rules.yuanRange', { min: fenToYuan(min), max: fenToYuan(max) }) : t('settings.rules.range', { min, max });
      } else if (value !== current[rule]) {
        changes[rule] = value;
      }
    }
    if (values.lenderMayRecall !== current.lenderMayRecall) changes.lenderMayRecall = values.lenderMayRecall;
    return { changes, problems };
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form || !stored.value) return;
    const { changes, problems } = collect(form, stored.value);
    setLocal(problems);
    setError(null);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      await useSettingsStore.getState().saveRules(changes);
      setDraft(null);
      setSaved(true);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const at = (rule: TextRule): string | undefined => local[rule] ?? (topField(error) === rule && error ? errorText(error) : undefined);
  const unplaced = error && !TEXT_RULES.some((rule) => topField(error) === rule);

  return (
    <SettingsSection title={t('settings.rules.heading')} testId="settings-rules" hint={t('settings.rules.hint')}>
      {stored.error && <ErrorBanner error={stored.error} onRetry={() => void useSettingsStore.getState().loadRules()} />}
      {!supervisor && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {t('settings.supervisorOnly')}
        </Typography>
      )}
      {form && (
        <Box component="form" onSubmit={(event) => void submit(event)} noValidate>
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(2, minmax(0, 1fr))' }, gap: 2 }}>
            {TEXT_RULES.map((rule) => (
              <TextField
                key={rule}
                size="small"
                label={t(`settings.rules.fields.${rule}`)}
                value={form[rule]}
                onChange={(event) => {
                  edit({ [rule]: event.target.value });
                  setLocal((prev) => ({ ...prev, [rule]: undefined }));
                }}
                error={at(rule) !== undefined}
                helperText={at(rule) ?? t(`settings.rules.help.${rule}`)}
                slotProps={{
                  input: { endAdornment: <InputAdornment position="end">{t(`settings.rules.units.${rule}`)}</InputAdornment> },
                  htmlInput: {
                    readOnly: !supervisor,
                    inputMode: (MONEY_RULES as readonly string[]).includes(rule) ? 'decimal' : 'numeric',
                    'data-testid': `rule-${rule}`,
                  },
                }}
              />
            ))}
          </Box>
          <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 3, alignItems: 'center', mt: 2 }}>
            <FormControlLabel
              control={
                <Switch
                  checked={form.lenderMayRecall}
                  onChange={(event) => edit({ lenderMayRecall: event.target.checked })}
                  disabled={!supervisor}
                  slotProps={{ input: { 'data-testid': 'rule-lenderMayRecall' } as object }}
                />
              }
              label={t('settings.rules.fields.lenderMayRecall')}
            />
            <Typography variant="body2" data-testid="rule-renewals">
              {t('settings.rules.renewalsNever')}
            </Typography>
          </Box>
          {unplaced && <ErrorBanner error={error} testId="rules-error" />}
          {supervisor && <SaveBar testId="rules" disabled={busy || draft === null} saved={saved ? t('settings.rules.saved') : null} />}
        </Box>
      )}
    </SettingsSection>
  );
}
