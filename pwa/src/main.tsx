import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { boot } from './sync/services.ts';
import { registerServiceWorker } from './app/sw-register.ts';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

await boot();
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
// After the first render (top-level await may run past the load event).
if (document.readyState === 'complete') void registerServiceWorker();
else window.addEventListener('load', () => void registerServiceWorker());
if (localStorage.getItem('todo:debug') === '1') void import('./app/debug.ts').then((m) => m.exposeDebug());
