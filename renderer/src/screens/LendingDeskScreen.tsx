// 借出处理: other libraries' requests for our books. New requests are accepted or answered
// "cannot supply" with a reason; accepted ones get pull slips (one or all) and are shipped with a
// tracking number and our due date, or delivered as copies; books coming back are scanned in
// (RETURN_SHIPPED → COMPLETED); our books out on loan may be recalled.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { onEvent } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { ScreenFrame } from '../components/ScreenFrame';
import { DeliverDialog, RecallDialog, ShipLoanDialog, UnfillDialog } from '../components/shipping/LendingDialogs';
import {
  AcceptedPanel,
  IncomingPanel,
  OutOnLoanPanel,
  ReturnsInPanel,
  type LendingDialog,
} from '../components/shipping/LendingPanels';
import { LENDING_TABS, tabCount, useLendingStore, type LendingNotice, type LendingTab } from '../store/lending';

function NoticeText({ notice }: { notice: LendingNotice }) {
  const { t } = useTranslation();
  switch (notice.key) {
    case 'incoming.accepted':
      return <>{t('lending.incoming.accepted', { id: notice.id })}</>;
    case 'incoming.unfilled':
      return <>{t('lending.incoming.unfilled', { id: notice.id, reason: t(`unfilledReason.${notice.reason}`) })}</>;
    case 'accepted.printed':
      return <>{t('lending.accepted.printed', { count: notice.count })}</>;
    case 'accepted.shipped':
      return <>{t('lending.accepted.shipped', { id: notice.id, courier: notice.courier, trackingNo: notice.trackingNo, due: notice.due })}</>;
    case 'accepted.delivered':
      return <>{t('lending.accepted.delivered', { id: notice.id })}</>;
    case 'out.recalled':
      return <>{t('lending.out.recalled', { id: notice.id })}</>;
  }
}

function Messages({ dialogOpen }: { dialogOpen: boolean }) {
  const notice = useLendingStore((state) => state.notice);
  const actionError = useLendingStore((state) => state.actionError);
  const listError = useLendingStore((state) => state.listError);
  return (
    <Box sx={{ display: 'grid', gap: 1, mb: 1 }} aria-live="polite">
      {notice && (
        <Alert severity="success" data-testid="lending-notice" data-notice={notice.key}>
          <NoticeText notice={notice} />
        </Alert>
      )}
      {/* A dialog shows its own error while it is open. */}
      {actionError && !dialogOpen && <ErrorBanner error={actionError} testId="lending-action-error" />}
      {listError && <ErrorBanner error={listError} onRetry={() => void useLendingStore.getState().refresh()} testId="lending-list-error" />}
    </Box>
  );
}

export function LendingDeskScreen() {
  const { t } = useTranslation();
  const tab = useLendingStore((state) => state.tab);
  const counts = useLendingStore((state) => state.counts);
  const [dialog, setDialog] = useState<LendingDialog | null>(null);
  const scanRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void useLendingStore.getState().refresh();
    return onEvent('data.changed', () => void useLendingStore.getState().refresh());
  }, []);

  const openDialog = (next: LendingDialog) => {
    useLendingStore.getState().clearMessages();
    setDialog(next);
  };
  const closeDialog = () => setDialog(null);

  return (
    <ScreenFrame id="lending" title={t('lending.title')}>
      <Tabs
        value={tab}
        onChange={(_event, value: LendingTab) => useLendingStore.getState().setTab(value)}
        aria-label={t('lending.tabsLabel')}
        sx={{ borderBottom: 1, borderColor: 'divider', mb: 2 }}
      >
        {LENDING_TABS.map((value) => (
          <Tab
            key={value}
            value={value}
            id={`lending-tab-${value}`}
            aria-controls={`lending-panel-${value}`}
            label={t('lending.tabCount', { label: t(`lending.tabs.${value}`), count: tabCount(counts, value) })}
            data-testid={`lending-tab-${value}`}
          />
        ))}
      </Tabs>
      <Messages dialogOpen={dialog !== null} />
      <Box role="tabpanel" id={`lending-panel-${tab}`} aria-labelledby={`lending-tab-${tab}`} data-testid={`lending-panel-${tab}`}>
        {tab === 'incoming' && <IncomingPanel open={openDialog} />}
        {tab === 'accepted' && <AcceptedPanel open={openDialog} />}
        {tab === 'returns' && <ReturnsInPanel scanRef={scanRef} />}
        {tab === 'out' && <OutOnLoanPanel open={openDialog} />}
      </Box>
      {dialog?.kind === 'unfill' && <UnfillDialog id={dialog.id} onClose={closeDialog} />}
      {dialog?.kind === 'ship' && <ShipLoanDialog id={dialog.id} onClose={closeDialog} />}
      {dialog?.kind === 'deliver' && <DeliverDialog id={dialog.id} onClose={closeDialog} />}
      {dialog?.kind === 'recall' && <RecallDialog id={dialog.id} onClose={closeDialog} />}
    </ScreenFrame>
  );
}
