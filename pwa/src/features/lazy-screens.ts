// Screens loaded on first use, so the list opens with less JavaScript: settings, activity, and the
// editor's history section.
import { lazy } from 'react';

export const SettingsScreen = lazy(() => import('./settings/SettingsScreen.tsx'));
export const ActivityScreen = lazy(() => import('./activity/ActivityScreen.tsx'));
export const TodoHistory = lazy(() => import('./activity/TodoHistory.tsx'));
