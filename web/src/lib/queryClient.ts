/** The app's QueryClient: no retries on 4xx, and a 401 anywhere signs the user out of the UI. */
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '#common/api-transport';
import { keys } from './keys';
import { isUnauthorized } from './errors';

function onError(err: unknown) {
  // The session ended (signed out elsewhere, disabled, password changed): show the sign-in page.
  if (isUnauthorized(err)) queryClient.setQueryData(keys.me, null);
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, err) => {
        if (err instanceof ApiError && err.status >= 400 && err.status < 500) return false;
        return count < 2;
      },
    },
  },
});
