// The controls above the queue: side tabs, search, status filter (with counts), sort.
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import IconButton from '@mui/material/IconButton';
import InputLabel from '@mui/material/InputLabel';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import OutlinedInput from '@mui/material/OutlinedInput';
import Select, { type SelectChangeEvent } from '@mui/material/Select';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import { useEffect, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { STATUSES } from '../../../shared/status';
import { isStatus } from '../i18n/labels';
import { QUEUE_SORTS, QUEUE_TABS, tabOf, useQueueStore, type QueueSort, type QueueTab } from '../store/queue';
import { ArrowDownwardIcon, ArrowUpwardIcon } from './icons';

const SEARCH_DEBOUNCE_MS = 300;
/** The menu entry that clears the status filter; not a status. */
const ALL_STATUSES = '*';

/** The side tabs, and document delivery (copies of both sides) as a tab of its own. */
export function SideTabs() {
  const { t } = useTranslation();
  const tab = useQueueStore((state) => tabOf(state.query));
  const setTab = useQueueStore((state) => state.setTab);
  return (
    <Tabs
      value={tab}
      onChange={(_event, value: QueueTab) => setTab(value)}
      aria-label={t('queue.sideTabs')}
      sx={{ borderBottom: 1, borderColor: 'divider', minHeight: 40 }}
    >
      {QUEUE_TABS.map((value) => (
        <Tab key={value} value={value} label={t(`queueActions.tabs.${value}`)} data-testid={`side-tab-${value}`} sx={{ minHeight: 40 }} />
      ))}
    </Tabs>
  );
}

export function SearchBox() {
  const { t } = useTranslation();
  const text = useQueueStore((state) => state.searchText);
  const setSearchText = useQueueStore((state) => state.setSearchText);
  const applySearch = useQueueStore((state) => state.applySearch);

  useEffect(() => {
    const timer = window.setTimeout(applySearch, SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, applySearch]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      applySearch();
    } else if (event.key === 'ArrowDown') {
      // From the search straight into the results.
      const row = document.querySelector<HTMLElement>('[data-testid="queue-table"] [role="row"][tabindex="0"]');
      if (row) {
        event.preventDefault();
        row.focus();
      }
    }
  };

  return (
    <TextField
      id="queue-search"
      type="search"
      size="small"
      label={t('queue.search.label')}
      placeholder={t('queue.search.placeholder')}
      value={text}
      onChange={(event) => setSearchText(event.target.value)}
      onKeyDown={onKeyDown}
      sx={{ flex: '1 1 280px', minWidth: 220 }}
      slotProps={{
        // The label stays up so the placeholder (what can be searched) is always visible.
        inputLabel: { shrink: true },
        htmlInput: { 'data-testid': 'queue-search', maxLength: 100, autoComplete: 'off', spellCheck: false },
      }}
    />
  );
}

export function StatusFilter() {
  const { t } = useTranslation();
  const statuses = useQueueStore((state) => state.query.statuses);
  const counts = useQueueStore((state) => state.statusCounts);
  const setStatuses = useQueueStore((state) => state.setStatuses);
  const label = t('queue.statusFilter.label');

  const onChange = (event: SelectChangeEvent<string[]>) => {
    const value = event.target.value;
    const chosen = typeof value === 'string' ? value.split(',') : value;
    setStatuses(chosen.includes(ALL_STATUSES) ? [] : chosen.filter(isStatus));
  };

  const describe = (selected: string[]) => {
    const chosen = selected.filter(isStatus);
    if (chosen.length === 0) return t('queue.statusFilter.all');
    if (chosen.length <= 2) return chosen.map((status) => t(`status.${status}`)).join(t('common.listSeparator'));
    return t('queue.statusFilter.selected', { count: chosen.length });
  };

  return (
    <FormControl size="small" sx={{ minWidth: 200 }}>
      <InputLabel id="status-filter-label" shrink>
        {label}
      </InputLabel>
      <Select<string[]>
        labelId="status-filter-label"
        id="status-filter"
        multiple
        displayEmpty
        value={statuses}
        onChange={onChange}
        input={<OutlinedInput notched label={label} />}
        renderValue={describe}
        data-testid="status-filter"
      >
        <MenuItem value={ALL_STATUSES}>
          <ListItemText primary={t('queue.statusFilter.all')} />
        </MenuItem>
        {STATUSES.map((status) => (
          <MenuItem key={status} value={status} data-status={status}>
            <Checkbox size="small" checked={statuses.includes(status)} tabIndex={-1} disableRipple sx={{ p: 0.5, mr: 1 }} />
            <ListItemText primary={t('queue.statusFilter.option', { status: t(`status.${status}`), count: counts[status] ?? 0 })} />
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

export function SortControl() {
  const { t } = useTranslation();
  const sort = useQueueStore((state) => state.query.sort);
  const order = useQueueStore((state) => state.query.order);
  const setSort = useQueueStore((state) => state.setSort);
  const toggleOrder = useQueueStore((state) => state.toggleOrder);
  const label = t('queue.sort.label');
  const orderName = t(`queue.sort.${order}`);
  return (
    <Box sx={{ display: 'flex', alignItems: 'center' }}>
      <FormControl size="small" sx={{ minWidth: 140 }}>
        <InputLabel id="queue-sort-label">{label}</InputLabel>
        <Select<QueueSort>
          labelId="queue-sort-label"
          id="queue-sort"
          value={sort}
          label={label}
          onChange={(event) => setSort(event.target.value)}
          data-testid="queue-sort"
        >
          {QUEUE_SORTS.map((value) => (
            <MenuItem key={value} value={value}>
              {t(`queue.sort.${value}`)}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <IconButton
        onClick={toggleOrder}
        aria-label={t('queue.sort.orderAria', { order: orderName })}
        title={orderName}
        data-testid="queue-order"
      >
        {order === 'asc' ? <ArrowUpwardIcon fontSize="small" /> : <ArrowDownwardIcon fontSize="small" />}
      </IconButton>
    </Box>
  );
}
