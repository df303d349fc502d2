// Screens loaded on first use, so the list opens with less JavaScript: settings, activity, and the
// editor's history section.
import { lazy } from 'react';

export const SettingsScreen = lazy(() => import('../features/settings/SettingsScreen.tsx'));
export const ActivityScreen = lazy(() => import('../features/activity/ActivityScreen.tsx'));
export const TodoHistory = lazy(() => import('../features/activity/TodoHistory.tsx'));
