// Which screen the desk shows. Plain state (no URL router): the browser host's address carries
// the per-launch secret in its fragment, and a desk has no deep links to keep.
import { create } from 'zustand';

export const SCREENS = ['today', 'queue', 'checkin', 'handout', 'returns', 'lending', 'readers', 'fees', 'sync', 'settings'] as const;
export type ScreenId = (typeof SCREENS)[number];

interface NavState {
  screen: ScreenId;
  go: (screen: ScreenId) => void;
}

export const useNavStore = create<NavState>((set) => ({
  screen: 'today',
  go: (screen) => set({ screen }),
}));
