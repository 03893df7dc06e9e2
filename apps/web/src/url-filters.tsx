import { useEffect, useState } from 'react';

export interface Filters {
  projectId: string;
  startDate: string;
  endDate: string;
}

const PARAMS: Record<keyof Filters, string> = { projectId: 'project', startDate: 'from', endDate: 'to' };
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function readFilters(): Filters {
  const params = new URLSearchParams(window.location.search);
  const date = (value: string | null) => (value && DATE.test(value) ? value : '');
  return {
    projectId: params.get(PARAMS.projectId) ?? '',
    startDate: date(params.get(PARAMS.startDate)),
    endDate: date(params.get(PARAMS.endDate)),
  };
}

/**
 * The filters live in the address, so a reload keeps the scope (and with it the running job the
 * hooks resume) and a link shows the same selection.
 */
export function useUrlFilters(): [Filters, (next: Filters) => void] {
  const [filters, setFilters] = useState(readFilters);

  useEffect(() => {
    const url = new URL(window.location.href);
    for (const [field, param] of Object.entries(PARAMS) as [keyof Filters, string][]) {
      if (filters[field]) url.searchParams.set(param, filters[field]);
      else url.searchParams.delete(param);
    }
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url);
  }, [filters]);

  return [filters, setFilters];
}
