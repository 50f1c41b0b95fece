// 读者管理: registrations waiting for our approval, a reader search, and one reader in a pane with
// every registration field, the open-request count against the limit, and the request history.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reader } from '../../../shared/types';
import { onEvent, toApiError, type ApiError } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { PendingRegistrations } from '../components/readers/PendingRegistrations';
import { ReaderDetailPane } from '../components/readers/ReaderDetailPane';
import { ReaderSearch } from '../components/readers/ReaderSearch';
import { RejectDialog } from '../components/readers/RejectDialog';
import { ScreenFrame } from '../components/ScreenFrame';
import { useLibrariesStore } from '../store/libraries';
import { useReadersStore } from '../store/readers';

export function ReadersScreen() {
  const { t } = useTranslation();
  const [rejecting, setRejecting] = useState<Reader | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    void useReadersStore.getState().refresh();
    void useLibrariesStore.getState().load();
    // Sync may bring new registrations, or another window may decide one.
    return onEvent('data.changed', ({ readers, requestIds }) => {
      if (readers || requestIds.length === 0) void useReadersStore.getState().refresh();
    });
  }, []);

  const approve = async (reader: Reader) => {
    setBusyId(reader.id);
    setNotice(null);
    setError(null);
    try {
      await useReadersStore.getState().approve(reader.id);
      setNotice(t('readers.pending.approved', { name: reader.name, login: reader.login }));
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusyId(null);
    }
  };

  const reject = async (reason: string) => {
    if (!rejecting) return;
    const reader = rejecting;
    await useReadersStore.getState().reject(reader.id, reason);
    setRejecting(null);
    setError(null);
    setNotice(t('readers.pending.rejected', { name: reader.name, login: reader.login }));
  };

  return (
    <ScreenFrame id="readers" title={t('readers.title')}>
      <Box aria-live="polite">
        {notice && (
          <Alert severity="success" onClose={() => setNotice(null)} sx={{ mb: 2 }} data-testid="readers-notice">
            {notice}
          </Alert>
        )}
      </Box>
      {error && <ErrorBanner error={error} testId="readers-error" />}
      <Box sx={{ display: 'flex', gap: 3, alignItems: 'flex-start', flexWrap: { xs: 'wrap', lg: 'nowrap' } }}>
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <PendingRegistrations busyId={busyId} onApprove={(reader) => void approve(reader)} onReject={setRejecting} />
          <ReaderSearch />
        </Box>
        <ReaderDetailPane busy={busyId !== null} onApprove={(reader) => void approve(reader)} onReject={setRejecting} />
      </Box>
      {rejecting && <RejectDialog reader={rejecting} onReject={reject} onClose={() => setRejecting(null)} />}
    </ScreenFrame>
  );
}
