// 填写馆际互借申请单 at the desk: the seed's request form, entered by a clerk for a reader. The
// reader is searched as the clerk types; their open requests and how many more they may have are
// shown, with a warning at the limit. The limits are the seed's (counted as it counts them);
// main checks everything again and its refusals are shown at their fields. The new request opens
// in the detail pane.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreateRequestInput } from '../../../../shared/contract';
import type { ServiceType } from '../../../../shared/status';
import type { Reader, ReaderDetail, RequestDetail } from '../../../../shared/types';
import type { LimitedField } from '../../../../shared/validators';
import { call, toApiError, type ApiError } from '../../api';
import { queueActionsZh } from '../../i18n/screens/queueActions';
import { ErrorBanner } from '../ErrorBanner';
import { errorField, useFieldErrorText } from './fieldErrors';
import { FormTextField, type SelectOption } from './FormFields';
import { LibraryPicker } from './LibraryPicker';
import { ReaderPicker } from './ReaderPicker';

type TextKey =
  | 'title'
  | 'author'
  | 'publisher'
  | 'pubYear'
  | 'isbn'
  | 'issn'
  | 'language'
  | 'materialType'
  | 'lenderCallNumber'
  | 'pages'
  | 'noteToLender'
  | 'recipientName'
  | 'email'
  | 'phone'
  | 'customNo'
  | 'remark';
type Values = Record<TextKey, string>;

const EMPTY: Values = {
  title: '',
  author: '',
  publisher: '',
  pubYear: '',
  isbn: '',
  issn: '',
  language: '',
  materialType: '',
  lenderCallNumber: '',
  pages: '',
  noteToLender: '',
  recipientName: '',
  email: '',
  phone: '',
  customNo: '',
  remark: '',
};

type LanguageKey = keyof typeof queueActionsZh.newRequest.languages;
type MaterialKey = keyof typeof queueActionsZh.newRequest.materialTypes;
const LANGUAGE_KEYS = Object.keys(queueActionsZh.newRequest.languages) as LanguageKey[];
const MATERIAL_KEYS = Object.keys(queueActionsZh.newRequest.materialTypes) as MaterialKey[];

interface FieldDef {
  name: TextKey;
  required?: boolean;
  limit?: LimitedField;
  /** The contract's cap where the seed gives none. */
  maxLength?: number;
  multiline?: boolean;
  wide?: boolean;
  code?: boolean;
  type?: 'text' | 'email' | 'tel';
  options?: SelectOption[];
  helper?: string;
}

function blankToUndefined(value: string): string | undefined {
  return value.trim() === '' ? undefined : value;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <Box component="section" aria-labelledby={headingId} sx={{ mt: 2 }}>
      <Typography id={headingId} component="h3" variant="subtitle2" color="primary" sx={{ mb: 1 }}>
        {title}
      </Typography>
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: 'repeat(2, minmax(0, 1fr))' }, gap: 2 }}>{children}</Box>
    </Box>
  );
}

interface NewRequestDialogProps {
  onClose: () => void;
  onCreated: (detail: RequestDetail) => void;
}

export function NewRequestDialog({ onClose, onCreated }: NewRequestDialogProps) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const errorText = useFieldErrorText();
  const [serviceType, setServiceType] = useState<ServiceType>('loan');
  const [reader, setReader] = useState<Reader | null>(null);
  const [readerDetail, setReaderDetail] = useState<ReaderDetail | null>(null);
  const [preferredLender, setPreferredLender] = useState<string | null>(null);
  const [values, setValues] = useState<Values>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const prefilled = useRef({ recipientName: '', email: '', phone: '' });

  // Language and material type are stored in the seed's own (Chinese) words, whatever the screen shows.
  const stored = useMemo(() => i18n.getFixedT('zh'), [i18n]);
  const languageOptions = LANGUAGE_KEYS.map((key) => ({
    value: stored(`queueActions.newRequest.languages.${key}`),
    label: t(`queueActions.newRequest.languages.${key}`),
  }));
  const materialOptions = MATERIAL_KEYS.map((key) => ({
    value: stored(`queueActions.newRequest.materialTypes.${key}`),
    label: t(`queueActions.newRequest.materialTypes.${key}`),
  }));

  useEffect(() => {
    setReaderDetail(null);
    if (reader === null) return;
    let live = true;
    call('reader.get', { id: reader.id })
      .then((detail) => {
        if (!live) return;
        setReaderDetail(detail);
        // The seed's form asks for the recipient and e-mail: the reader's own, unless the clerk
        // typed others. What was filled in for a previous reader follows the new one.
        const previous = prefilled.current;
        const next = { recipientName: detail.name, email: detail.email, phone: detail.phone };
        prefilled.current = next;
        setValues((current) => {
          const follow = (key: keyof typeof next) => (current[key] === '' || current[key] === previous[key] ? next[key] : current[key]);
          return { ...current, recipientName: follow('recipientName'), email: follow('email'), phone: follow('phone') };
        });
      })
      .catch((caught: unknown) => {
        if (live) setError(toApiError(caught));
      });
    return () => {
      live = false;
    };
  }, [reader]);

  const badField = errorField(error);
  /** Editing the field main refused takes its error away: the clerk is fixing it. */
  const edited = (name: string) => {
    if (badField === name) setError(null);
  };
  const set = (name: TextKey) => (value: string) => {
    edited(name);
    setValues((current) => ({ ...current, [name]: value }));
  };
  const fieldError = (name: string) => (badField === name && error ? errorText(error) : null);
  const knownFields = new Set<string>([...Object.keys(EMPTY), 'readerId', 'preferredLender']);
  const bannerError = error !== null && (badField === null || !knownFields.has(badField)) ? error : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const input: CreateRequestInput = {
      serviceType,
      readerId: reader?.id ?? '',
      title: values.title,
      preferredLender: preferredLender ?? undefined,
    };
    for (const key of Object.keys(EMPTY) as TextKey[]) {
      if (key !== 'title') input[key] = blankToUndefined(values[key]);
    }
    try {
      const detail = await call('request.create', input);
      onCreated(detail);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const field = (def: FieldDef) => (
    <Box key={def.name} sx={def.wide ? { gridColumn: '1 / -1' } : undefined}>
      <FormTextField
        name={def.name}
        label={t(`queueActions.newRequest.${def.name === 'title' ? 'titleField' : def.name}`)}
        value={values[def.name]}
        onChange={set(def.name)}
        required={def.required}
        limit={def.limit}
        maxLength={def.maxLength}
        multiline={def.multiline}
        code={def.code}
        type={def.type}
        options={def.options}
        emptyLabel={def.options ? t('queueActions.newRequest.notChosen') : undefined}
        helper={def.helper}
        error={fieldError(def.name)}
        errorCode={fieldError(def.name) === null ? null : (error?.code ?? null)}
        idPrefix="new-request"
      />
    </Box>
  );

  const atLimit = readerDetail !== null && readerDetail.mayRequestMore <= 0;

  return (
    <Dialog open onClose={busy ? undefined : onClose} aria-labelledby={titleId} fullWidth maxWidth="md" scroll="paper" data-testid="new-request-dialog">
      <Box component="form" noValidate onSubmit={(event: FormEvent) => void submit(event)} sx={{ display: 'flex', flexDirection: 'column', minHeight: 0 }}>
        <DialogTitle id={titleId}>{t('queueActions.newRequest.title')}</DialogTitle>
        <DialogContent dividers>
          <Typography variant="body2" color="text.secondary">
            {t('queueActions.newRequest.hint')}
          </Typography>
          {bannerError && (
            <Box sx={{ mt: 2 }}>
              <ErrorBanner error={bannerError} testId="new-request-error" />
            </Box>
          )}
          <Section title={t('queueActions.newRequest.sections.reader')}>
            <Box sx={{ gridColumn: '1 / -1' }}>
              <ReaderPicker
                value={reader}
                onChange={(next) => {
                  edited('readerId');
                  setReader(next);
                }}
                error={fieldError('readerId')}
                errorCode={fieldError('readerId') === null ? null : (error?.code ?? null)}
                autoFocus
              />
            </Box>
            {readerDetail && (
              <Box sx={{ gridColumn: '1 / -1' }}>
                <Alert
                  severity={atLimit ? 'warning' : 'info'}
                  data-testid="reader-open-count"
                  data-open={readerDetail.openRequestCount}
                  data-more={readerDetail.mayRequestMore}
                >
                  {t('queueActions.newRequest.openCount', { open: readerDetail.openRequestCount, more: readerDetail.mayRequestMore })}
                  {atLimit && (
                    <Box component="span" sx={{ display: 'block', fontWeight: 600 }} data-testid="reader-limit-warning">
                      {t('queueActions.newRequest.atLimit')}
                    </Box>
                  )}
                </Alert>
              </Box>
            )}
          </Section>
          <Section title={t('queueActions.newRequest.sections.document')}>
            <FormControl sx={{ gridColumn: '1 / -1' }}>
              <FormLabel id="new-request-service-label">{t('queueActions.newRequest.serviceType')}</FormLabel>
              <RadioGroup
                row
                aria-labelledby="new-request-service-label"
                value={serviceType}
                onChange={(_event, value) => setServiceType(value === 'copy' ? 'copy' : 'loan')}
              >
                <FormControlLabel value="loan" control={<Radio slotProps={{ input: { 'data-testid': 'service-loan' } as object }} />} label={t('serviceType.loan')} />
                <FormControlLabel value="copy" control={<Radio slotProps={{ input: { 'data-testid': 'service-copy' } as object }} />} label={t('serviceType.copy')} />
              </RadioGroup>
            </FormControl>
            {field({ name: 'title', required: true, limit: 'title', wide: true })}
            {field({ name: 'author', limit: 'author' })}
            {field({ name: 'publisher', maxLength: 200 })}
            {field({ name: 'pubYear', maxLength: 4 })}
            {field({ name: 'isbn', maxLength: 20, code: true })}
            {field({ name: 'issn', maxLength: 12, code: true })}
            {field({ name: 'language', options: languageOptions })}
            {field({ name: 'materialType', options: materialOptions })}
            {field({ name: 'pages', maxLength: 60, helper: t('queueActions.newRequest.pagesHelp') })}
          </Section>
          <Section title={t('queueActions.newRequest.sections.lender')}>
            <LibraryPicker
              name="preferredLender"
              label={t('queueActions.newRequest.preferredLender')}
              value={preferredLender}
              onChange={(code) => {
                edited('preferredLender');
                setPreferredLender(code);
              }}
              helper={t('queueActions.newRequest.preferredLenderHelp')}
              error={fieldError('preferredLender')}
              errorCode={fieldError('preferredLender') === null ? null : (error?.code ?? null)}
              idPrefix="new-request"
            />
            {field({ name: 'lenderCallNumber', maxLength: 60, code: true })}
            {field({ name: 'noteToLender', limit: 'noteToLender', multiline: true, wide: true })}
          </Section>
          <Section title={t('queueActions.newRequest.sections.delivery')}>
            {field({ name: 'recipientName', limit: 'name', helper: t('queueActions.newRequest.recipientHelp') })}
            {field({ name: 'email', maxLength: 100, type: 'email', helper: t('queueActions.newRequest.emailHelp') })}
            {field({ name: 'phone', maxLength: 30, type: 'tel' })}
            {field({ name: 'customNo', maxLength: 30 })}
            {field({ name: 'remark', limit: 'requestRemark', wide: true })}
          </Section>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy} data-testid="new-request-close">
            {t('queueActions.actions.close')}
          </Button>
          <Button type="submit" variant="contained" disabled={busy} data-testid="new-request-submit">
            {busy ? t('queueActions.actions.submitting') : t('queueActions.newRequest.submit')}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
