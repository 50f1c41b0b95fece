// 费用: the fee ledger — the account log (帐务日志), the charges between libraries waiting for
// consent (待确认), fee statistics (费用统计), the monthly reconciliation with the hub's statement
// (月度对账) and charts of the last 12 months.
import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { onEvent } from '../api';
import { ChartsTab } from '../components/fees/ChartsTab';
import { ClaimsTab } from '../components/fees/ClaimsTab';
import { LedgerTab } from '../components/fees/LedgerTab';
import { ReconcileTab } from '../components/fees/ReconcileTab';
import { StatsTab } from '../components/fees/StatsTab';
import { ScreenFrame } from '../components/ScreenFrame';
import { FEES_TABS, useFeesStore, type FeesTab } from '../store/fees';
import { useDeskStore } from '../store/desk';
import { useLibrariesStore } from '../store/libraries';

export function FeesScreen() {
  const { t } = useTranslation();
  const tab = useFeesStore((state) => state.tab);
  // The tab says how many claims wait for our answer, so they are seen from any tab.
  const waiting = useFeesStore((state) => state.claims?.toAccept.length ?? 0);

  useEffect(() => {
    void useLibrariesStore.getState().load();
    void useDeskStore.getState().load();
    void useFeesStore.getState().refresh();
    // Request ops and sync rounds make entries (and a sync round may bring a statement).
    return onEvent('data.changed', () => void useFeesStore.getState().refresh());
  }, []);

  return (
    <ScreenFrame id="fees" title={t('fees.title')}>
      <Tabs
        value={tab}
        onChange={(_event, value: FeesTab) => useFeesStore.getState().setTab(value)}
        aria-label={t('fees.tabs.label')}
        sx={{ borderBottom: 1, borderColor: 'divider', mb: 1 }}
      >
        {FEES_TABS.map((value) => (
          <Tab key={value} value={value} id={`fees-tab-${value}`} aria-controls={`fees-panel-${value}`} label={value === 'claims' && waiting > 0 ? t('fees.tabs.claimsCount', { count: waiting }) : t(`fees.tabs.${value}`)} data-testid={`fees-tab-${value}`} />
        ))}
      </Tabs>
      <Box role="tabpanel" id={`fees-panel-${tab}`} aria-labelledby={`fees-tab-${tab}`} data-testid={`fees-panel-${tab}`}>
        {tab === 'log' && <LedgerTab />}
        {tab === 'claims' && <ClaimsTab />}
        {tab === 'stats' && <StatsTab />}
        {tab === 'reconcile' && <ReconcileTab />}
        {tab === 'charts' && <ChartsTab />}
      </Box>
    </ScreenFrame>
  );
}
