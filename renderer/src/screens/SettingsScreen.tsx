// 设置: this desk and library, the hub, printers and paper, the language, the library's rules, and
// for a supervisor the clerk accounts and the bulk due-date shift for a closure. Every clerk may
// change their own password. What a clerk may not change is shown read-only or not at all.
import Box from '@mui/material/Box';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ScreenFrame } from '../components/ScreenFrame';
import { BackupSection } from '../components/settings/BackupSection';
import { ClerksSection } from '../components/settings/ClerksSection';
import { DeskInfoSection, HubSection, LanguageSection } from '../components/settings/DeskSections';
import { PasswordSection } from '../components/settings/PasswordSection';
import { PrintersSection } from '../components/settings/PrintersSection';
import { RulesSection } from '../components/settings/RulesSection';
import { ShiftDueSection } from '../components/settings/ShiftDueSection';
import { SmtpSection } from '../components/settings/SmtpSection';
import { useDeskStore } from '../store/desk';
import { useLibrariesStore } from '../store/libraries';
import { useIsSupervisor } from '../store/session';

export function SettingsScreen() {
  const { t } = useTranslation();
  const supervisor = useIsSupervisor();
  useEffect(() => {
    void useDeskStore.getState().load();
    void useLibrariesStore.getState().load();
  }, []);
  return (
    <ScreenFrame id="settings" title={t('settings.title')}>
      <Box sx={{ maxWidth: 1100 }}>
        <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(2, minmax(0, 1fr))' }, columnGap: 2 }}>
          <DeskInfoSection />
          <Box>
            <HubSection />
            <LanguageSection />
          </Box>
        </Box>
        <RulesSection />
        <PrintersSection />
        <SmtpSection />
        {supervisor && <ShiftDueSection />}
        {supervisor && <ClerksSection />}
        {supervisor && <BackupSection />}
        <PasswordSection />
      </Box>
    </ScreenFrame>
  );
}
