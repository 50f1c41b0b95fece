import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { captureSecretFromUrl } from './api';
import { App } from './App';
import { initI18n } from './i18n';

// Before anything else: the secret must leave the address bar before the first render.
captureSecretFromUrl();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

void initI18n().then(() => {
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
