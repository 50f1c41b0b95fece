import Box from '@mui/material/Box';
import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { onEvent, type ApiError } from './api';
import { AppHeader } from './components/AppHeader';
import { ErrorBanner } from './components/ErrorBanner';
import { isLanguage } from './i18n';
import { NavRail } from './components/NavRail';
import { useIdleLock } from './components/useIdleLock';
import { CheckInScreen } from './screens/CheckInScreen';
import { HandoutScreen } from './screens/HandoutScreen';
import { LendingDeskScreen } from './screens/LendingDeskScreen';
import { QueueScreen } from './screens/QueueScreen';
import { ReadersScreen } from './screens/ReadersScreen';
import { FeesScreen } from './screens/FeesScreen';
import { ReturnShippingScreen } from './screens/ReturnShippingScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { SignInScreen } from './screens/SignInScreen';
import { SyncScreen } from './screens/SyncScreen';
import { TodayScreen } from './screens/TodayScreen';
import { useNavStore, type ScreenId } from './store/nav';
import { subscribeSession, useSessionStore } from './store/session';
import { createAppTheme } from './theme';
import { useDeskStore } from './store/desk';
import { useDetailStore } from './store/detail';
import { useLibrariesStore } from './store/libraries';
import { resetFees } from './store/fees';
import { resetPrinting } from './store/printing';
import { useQueueStore } from './store/queue';
import { subscribeSync, useSyncStore } from './store/sync';
import { RecoveryScreen } from './screens/RecoveryScreen';
import { StoreAlertBanner } from './components/StoreAlertBanner';
import { subscribeStoreSafety, useStoreSafetyStore } from './store/storeSafety';

/** When records change underneath (this desk's other window, sync), the screens reload them. */
function useRefreshOnDataChanged(): void {
  useEffect(
    () =>
      onEvent('data.changed', ({ requestIds }) => {
        void useQueueStore.getState().refresh();
        if (requestIds.length === 0) {
          // A sync round: the directory (and so our own library's name) may have come with it.
          void useDeskStore.getState().load();
          void useLibrariesStore.getState().load();
        }
        const { id, load } = useDetailStore.getState();
        if (id !== null && (requestIds.length === 0 || requestIds.includes(id))) void load(id);
      }),
    [],
  );
}

/** Desk and directory failures, once each: both fail alike when the host refuses every call. */
function StartupErrors() {
  const deskError = useDeskStore((state) => state.error);
  const librariesError = useLibrariesStore((state) => state.error);
  const errors = [deskError, librariesError].filter((error): error is ApiError => error !== null);
  const distinct = errors.filter(
    (error, index) => errors.findIndex((other) => other.code === error.code && other.message === error.message) === index,
  );
  if (distinct.length === 0) return null;
  const retry = () => {
    void useDeskStore.getState().load();
    void useLibrariesStore.getState().load();
    void useQueueStore.getState().refresh();
  };
  return (
    <Box sx={{ px: 2, pt: 1, display: 'grid', gap: 1 }}>
      {distinct.map((error) => (
        <ErrorBanner key={`${error.code}:${error.message}`} error={error} onRetry={retry} testId="startup-error" />
      ))}
    </Box>
  );
}

const SCREEN_COMPONENTS: Record<ScreenId, () => React.JSX.Element> = {
  today: TodayScreen,
  queue: QueueScreen,
  checkin: CheckInScreen,
  handout: HandoutScreen,
  returns: ReturnShippingScreen,
  lending: LendingDeskScreen,
  readers: ReadersScreen,
  fees: FeesScreen,
  sync: SyncScreen,
  settings: SettingsScreen,
};

/** The desk itself once a clerk is signed in: the screens and the rail that picks one. */
function Desk() {
  const screen = useNavStore((state) => state.screen);
  const Screen = SCREEN_COMPONENTS[screen];
  useIdleLock();
  return (
    <Box sx={{ display: 'flex', flex: 1, minHeight: 0, overflow: 'hidden' }}>
      <NavRail />
      <Box component="main" sx={{ display: 'flex', flex: 1, minHeight: 0, minWidth: 0, overflow: 'hidden' }}>
        <Screen />
      </Box>
    </Box>
  );
}

export function App() {
  const { i18n } = useTranslation();
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'zh';
  const theme = useMemo(() => createAppTheme(language), [language]);

  useEffect(() => {
    void useStoreSafetyStore.getState().loadHealth();
    void useDeskStore.getState().load();
    void useLibrariesStore.getState().load();
    void useSyncStore.getState().load();
    void useSessionStore.getState().load();
  }, []);
  useEffect(() => subscribeSync(), []);
  useEffect(() => subscribeStoreSafety(), []);
  const storeHealth = useStoreSafetyStore((state) => state.health);
  useEffect(() => subscribeSession(), []);
  const session = useSessionStore((state) => state.session);
  const signedIn = session !== null && session.clerk !== null && !session.locked;
  // Connected to a hub: the desk now shows its library's own store, so everything reloads.
  useEffect(
    () =>
      onEvent('desk.changed', () => {
        // A restored or new store: its clerks, its health and its backups are another file's now.
        void useStoreSafetyStore.getState().loadHealth();
        void useSessionStore.getState().load();
        void useDeskStore.getState().load();
        void useLibrariesStore.getState().load();
        void useSyncStore.getState().load();
        useDetailStore.getState().clear();
        void useQueueStore.getState().refresh();
        resetPrinting();
        resetFees();
      }),
    [],
  );
  useRefreshOnDataChanged();

  // The store could not be opened: the recovery page is all the desk shows (nobody can sign in).
  if (storeHealth?.state === 'recovery') {
    return (
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <RecoveryScreen health={storeHealth} />
      </ThemeProvider>
    );
  }

  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <Box sx={{ height: '100vh', display: 'flex', flexDirection: 'column' }}>
        <AppHeader />
        <StoreAlertBanner />
        <StartupErrors />
        {signedIn ? <Desk /> : session !== null && <SignInScreen />}
      </Box>
    </ThemeProvider>
  );
}
