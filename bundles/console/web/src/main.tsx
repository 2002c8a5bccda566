import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import './fonts.css';
import './i18n';
import { App } from './App';

// The console is drawn once the shipped CJK font is in (both weights: bold headings too): text laid out while it was
// still loading was seen to stay as empty boxes in places (a tag, a select, the sign-in's bold title, a department's
// page) after it arrived. A browser with a Chinese font of its own has it at once; a font that never comes holds the
// page back for two seconds at most.
const fontIn = Promise.race([
  Promise.all([document.fonts?.load("16px 'Seatline CJK'", '中文'), document.fonts?.load("bold 16px 'Seatline CJK'", '中文')]).catch(() => undefined),
  new Promise((done) => setTimeout(done, 2_000)),
]);

const queries = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 5_000 } },
});

void fontIn.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queries}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  ),
);
