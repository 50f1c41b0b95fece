// The Sync screen: the state in full, "sync now", and every sync problem with the hub's reason,
// the hub's record beside ours, and what the clerk can do about it.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REQUEST_OP_TYPES } from '../../../shared/status';
import type { ProblemCopy, SyncProblem } from '../../../shared/types';
import { call, toApiError, type ApiError } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { ScreenFrame } from '../components/ScreenFrame';
import { StatusRows, SyncDialog } from '../components/SyncDialog';
import { localDateTime } from '../format';
import { isStatus } from '../i18n/labels';
import { useLibrariesStore } from '../store/libraries';
import { useNavStore } from '../store/nav';
import { useQueueStore } from '../store/queue';
import { useSyncStore } from '../store/sync';

const COPY_FIELDS: (keyof ProblemCopy)[] = ['status', 'version', 'holdSlot', 'dueDate', 'lenderDueDate', 'lenderCode', 'trackingNo'];
const ADVISED = ['INVALID_TRANSITION', 'NOT_FOUND', 'FORBIDDEN', 'LIMIT_EXCEEDED', 'ALREADY_EXISTS', 'INVALID_INPUT'] as const;

function isAdvised(code: string): code is (typeof ADVISED)[number] {
  return (ADVISED as readonly string[]).includes(code);
}

function useCopyValue() {
  const { t } = useTranslation();
  const libraries = useLibrariesStore((state) => state.byCode);
  return (field: keyof ProblemCopy, copy: ProblemCopy | null): string => {
    const value = copy?.[field];
    if (value === null || value === undefined) return t('common.empty');
    if (field === 'status' && isStatus(value)) return t(`status.${value}`);
    if (field === 'lenderCode' && typeof value === 'string' && libraries[value]) {
      return t('common.nameWithCode', { name: libraries[value].name, code: value });
    }
    return String(value);
  };
}

function openRequest(id: string): void {
  const queue = useQueueStore.getState();
  queue.setSide('all');
  queue.setStatuses([]);
  queue.setSearchText(id);
  queue.applySearch();
  queue.select(id);
  useNavStore.getState().go('queue');
}

function ProblemCard({ problem, onResolve }: { problem: SyncProblem; onResolve: (id: number) => void }) {
  const { t } = useTranslation();
  const value = useCopyValue();
  const op =
    problem.opType === 'request.create' || (REQUEST_OP_TYPES as readonly string[]).includes(problem.opType ?? '')
      ? t(`ops.${problem.opType as 'request.create'}`)
      : (problem.opType ?? '');
  const advice = problem.kind === 'notice' ? t('syncScreen.advice.notice') : isAdvised(problem.code) ? t(`syncScreen.advice.${problem.code}`) : t('syncScreen.advice.other');
  const compared = COPY_FIELDS.filter((field) => problem.hub?.[field] != null || problem.ours?.[field] != null);
  const headingId = `problem-${problem.id}`;
  return (
    <Card variant="outlined" component="article" aria-labelledby={headingId} data-testid="sync-problem" data-problem-id={problem.id} sx={{ mb: 2 }}>
      <CardContent sx={{ display: 'grid', gap: 1.5 }}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
          <Chip size="small" color={problem.kind === 'rejected' ? 'error' : 'warning'} label={t(`sync.dialog.${problem.kind}`)} />
          <Typography id={headingId} component="h4" variant="subtitle1" sx={{ fontWeight: 600 }}>
            {t('sync.dialog.problemLine', { op, id: problem.entityId ?? '' })}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {localDateTime(problem.createdAt)}
          </Typography>
          <Box sx={{ flexGrow: 1 }} />
          {problem.entityId && (
            <Button size="small" onClick={() => openRequest(problem.entityId!)}>
              {t('syncScreen.openRequest')}
            </Button>
          )}
          {problem.resolvedAt === null ? (
            <Button size="small" variant="contained" onClick={() => onResolve(problem.id)} data-testid="sync-problem-resolve">
              {t('syncScreen.resolve')}
            </Button>
          ) : (
            <Typography variant="body2" color="text.secondary">
              {t('syncScreen.resolved', { by: problem.resolvedBy ?? '', at: localDateTime(problem.resolvedAt) })}
            </Typography>
          )}
        </Box>
        <Box>
          <Typography variant="body2" component="h5" sx={{ fontWeight: 600 }}>
            {t('syncScreen.hubReason')}
          </Typography>
          <Typography variant="body2" data-testid="sync-problem-reason">
            {problem.code} · {problem.message}
          </Typography>
        </Box>
        {problem.payload && Object.keys(problem.payload).length > 0 && (
          <Box>
            <Typography variant="body2" component="h5" sx={{ fontWeight: 600 }}>
              {t('syncScreen.whatWeDid')}
            </Typography>
            <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
              {Object.entries(problem.payload)
                .map(([key, v]) => `${key}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
                .join(' · ')}
            </Typography>
          </Box>
        )}
        {compared.length > 0 && (
          <Table size="small" aria-label={t('syncScreen.copies')} sx={{ maxWidth: 640 }} data-testid="sync-problem-copies">
            <TableHead>
              <TableRow>
                <TableCell component="th" scope="col">{t('syncScreen.field')}</TableCell>
                <TableCell component="th" scope="col">{t('syncScreen.hubCopy')}</TableCell>
                <TableCell component="th" scope="col">{t('syncScreen.ourCopy')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {compared.map((field) => {
                const differs = value(field, problem.hub) !== value(field, problem.ours);
                return (
                  <TableRow key={field} data-differs={differs}>
                    <TableCell component="th" scope="row">{t(`syncScreen.fields.${field}`)}</TableCell>
                    <TableCell sx={{ fontWeight: differs ? 700 : 400 }}>{value(field, problem.hub)}</TableCell>
                    <TableCell sx={{ fontWeight: differs ? 700 : 400 }}>{value(field, problem.ours)}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
        <Alert severity="info" data-testid="sync-problem-advice">
          <strong>{t('syncScreen.whatToDo')}：</strong>
          {advice}
        </Alert>
      </CardContent>
    </Card>
  );
}

export function SyncScreen() {
  const { t } = useTranslation();
  const { status, error, busy, load, syncNow } = useSyncStore();
  const [showResolved, setShowResolved] = useState(false);
  const [problems, setProblems] = useState<SyncProblem[]>([]);
  const [problemError, setProblemError] = useState<ApiError | null>(null);
  const [connectOpen, setConnectOpen] = useState(false);

  const loadProblems = useCallback(async () => {
    try {
      setProblems(await call('sync.problems', { includeResolved: showResolved }));
      setProblemError(null);
    } catch (caught) {
      setProblemError(toApiError(caught));
    }
  }, [showResolved]);

  useEffect(() => {
    void load();
    void loadProblems();
  }, [load, loadProblems]);
  // Each finished round may have brought new problems.
  const lastSuccess = status?.lastSuccessAt;
  const openCount = status?.openProblems;
  useEffect(() => {
    void loadProblems();
  }, [lastSuccess, openCount, loadProblems]);

  const resolve = async (id: number) => {
    try {
      await call('sync.resolveProblem', { id });
      await loadProblems();
      await load();
    } catch (caught) {
      setProblemError(toApiError(caught));
    }
  };

  const configured = status !== null && status.connection !== 'unconfigured';
  const open = problems.filter((p) => p.resolvedAt === null).length;
  return (
    <ScreenFrame
      id="sync"
      title={t('syncScreen.title')}
      actions={
        <>
          <Button variant="outlined" onClick={() => setConnectOpen(true)} data-testid="sync-open-connect">
            {t('syncScreen.connect')}
          </Button>
          <Button variant="contained" onClick={() => !busy && void syncNow()} disabled={!configured} aria-disabled={busy} aria-busy={busy} data-testid="sync-screen-now">
            {t('syncScreen.syncNow')}
          </Button>
        </>
      }
    >
      <Box component="section" aria-labelledby="sync-state-heading" sx={{ mb: 3, maxWidth: 720 }}>
        <Typography id="sync-state-heading" component="h3" variant="h6" sx={{ mb: 1 }}>
          {t('syncScreen.state')}
        </Typography>
        {status?.connection === 'syncing' && <LinearProgress aria-label={t('sync.badge.syncing')} sx={{ mb: 1 }} />}
        {error && <ErrorBanner error={error} />}
        {status && <StatusRows status={status} />}
        {status?.clockWarning && (
          <Alert severity="warning" sx={{ mt: 1 }}>
            {t('sync.dialog.clockWarning')}
          </Alert>
        )}
      </Box>
      <Box component="section" aria-labelledby="sync-problems-heading">
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1 }}>
          <Typography id="sync-problems-heading" component="h3" variant="h6">
            {t('syncScreen.problems')}
          </Typography>
          <Typography color="text.secondary" data-testid="sync-problems-count">
            {t('syncScreen.problems_count', { count: open })}
          </Typography>
          <Box sx={{ flexGrow: 1 }} />
          <FormControlLabel
            control={<Switch checked={showResolved} onChange={(event) => setShowResolved(event.target.checked)} />}
            label={t('syncScreen.showResolved')}
          />
        </Box>
        {problemError && <ErrorBanner error={problemError} onRetry={() => void loadProblems()} />}
        {problems.length === 0 ? (
          <Typography data-testid="sync-no-problems">{configured ? t('syncScreen.none') : t('syncScreen.noneUnconfigured')}</Typography>
        ) : (
          problems.map((problem) => <ProblemCard key={problem.id} problem={problem} onResolve={(id) => void resolve(id)} />)
        )}
      </Box>
      <SyncDialog open={connectOpen} onClose={() => setConnectOpen(false)} />
    </ScreenFrame>
  );
}
