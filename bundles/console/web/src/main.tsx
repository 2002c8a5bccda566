import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import './fonts.css';
import './i18n';
import { App } from './App';

// The shipped CJK font is fetched at once, while the first page shows, rather than when the first Chinese characters
// are laid out: text laid out while it was still loading was seen to stay as empty boxes in places (a tag, a select)
// after it arrived. A browser with a Chinese font of its own uses that one anyway; this one is then only cached.
void document.fonts?.load("16px 'Seatline CJK'", '中文').catch(() => undefined);

const queries = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 5_000 } },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
