// Who and where this desk is (desk.info), the hub it syncs with (hub.get) with the way into the
// sync dialog that connects it, and the interface language.
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage, htmlLangOf, isLanguage, LANGUAGES, setLanguage } from '../../i18n';
import { useDeskStore } from '../../store/desk';
import { useSettingsStore } from '../../store/settings';
import { FieldList } from '../DetailSection';
import { ErrorBanner } from '../ErrorBanner';
import { SyncDialog } from '../SyncDialog';
import { SettingsSection } from './SettingsSection';

export function DeskInfoSection() {
  const { t } = useTranslation();
  const info = useDeskStore((state) => state.info);
  const error = useDeskStore((state) => state.error);
  return (
    <SettingsSection title={t('settings.desk.heading')} testId="settings-desk">
      {error && <ErrorBanner error={error} onRetry={() => void useDeskStore.getState().load()} />}
      {info && (
        <FieldList
          fields={[
            { label: t('settings.desk.libraryName'), value: info.libraryName, testId: 'settings-library-name' },
            { label: t('settings.desk.libraryCode'), value: info.libraryCode, testId: 'settings-library-code' },
            { label: t('settings.desk.deskName'), value: info.deskName },
            { label: t('settings.desk.deskId'), value: info.deskId, testId: 'settings-desk-id' },
            {
              label: t('settings.desk.profile'),
              value: info.profile === 'demo' ? t('settings.desk.profileDemo') : t('settings.desk.profileLive'),
              testId: 'settings-profile',
            },
            { label: t('settings.desk.clerk'), value: info.clerk },
            { label: t('settings.desk.appVersion'), value: info.appVersion },
          ]}
        />
      )}
    </SettingsSection>
  );
}

export function HubSection() {
  const { t } = useTranslation();
  const hub = useSettingsStore((state) => state.hub);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    void useSettingsStore.getState().loadHub();
  }, []);
  const tokenText = (token: 'os' | 'plain' | null) =>
    token === 'os' ? t('settings.hub.tokenOs') : token === 'plain' ? t('settings.hub.tokenPlain') : t('settings.hub.tokenNone');
  return (
    <SettingsSection title={t('settings.hub.heading')} testId="settings-hub">
      {hub.error && <ErrorBanner error={hub.error} onRetry={() => void useSettingsStore.getState().loadHub()} />}
      {hub.value && (
        <FieldList
          fields={[
            { label: t('settings.hub.url'), value: hub.value.url ?? t('settings.hub.notConnected'), testId: 'settings-hub-url' },
            { label: t('settings.hub.deskId'), value: hub.value.deskId },
            { label: t('settings.hub.token'), value: tokenText(hub.value.token), testId: 'settings-hub-token' },
          ]}
        />
      )}
      <Button variant="outlined" sx={{ mt: 1.5 }} onClick={() => setOpen(true)} data-testid="settings-hub-open">
        {t('settings.hub.open')}
      </Button>
      <SyncDialog
        open={open}
        onClose={() => {
          setOpen(false);
          // The dialog may have connected the desk: its identity and hub both change.
          void useSettingsStore.getState().loadHub();
          void useDeskStore.getState().load();
        }}
      />
    </SettingsSection>
  );
}

export function LanguageSection() {
  const { t, i18n } = useTranslation();
  const labelId = useId();
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : currentLanguage();
  return (
    <SettingsSection title={t('settings.language.heading')} testId="settings-language">
      <FormControl>
        <FormLabel id={labelId}>{t('settings.language.label')}</FormLabel>
        <RadioGroup
          row
          aria-labelledby={labelId}
          value={language}
          onChange={(event) => {
            if (isLanguage(event.target.value)) void setLanguage(event.target.value);
          }}
        >
          {LANGUAGES.map((lang) => (
            <FormControlLabel
              key={lang}
              value={lang}
              control={<Radio slotProps={{ input: { 'data-testid': `settings-language-${lang}` } as object }} />}
              label={<span lang={htmlLangOf(lang)}>{t(`settings.language.${lang}`)}</span>}
            />
          ))}
        </RadioGroup>
      </FormControl>
    </SettingsSection>
  );
}
