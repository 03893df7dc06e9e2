import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { InsightsClientProvider } from '@insights/react';
import { insightsClient } from './session';
import { App } from './components/App';
import './styles.css';

// A read may queue a job on the server: refetch only when asked, or when a job lands.
const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <InsightsClientProvider client={insightsClient}>
        <App />
      </InsightsClientProvider>
    </QueryClientProvider>
  </StrictMode>,
);
