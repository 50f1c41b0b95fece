import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { captureSecretFromUrl, openHostSession } from './api';
import { App } from './App';
import { initI18n } from './i18n';

// Before anything else: the secret must leave the address bar before the first render, and is
// traded for the browser host's session cookie (the event stream and slip links go by it).
captureSecretFromUrl();
void openHostSession();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

void initI18n().then(() => {
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
