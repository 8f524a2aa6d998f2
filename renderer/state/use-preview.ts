import type { Preview } from '../../server/control/control-api';
import { useResource } from './use-resource';

/** The manifest and OpenAPI spec as ChatGPT would get them; rebuilt whenever settings change. */
export function usePreview() {
  return useResource<Preview>((api) => api.getPreview(undefined), 'settings');
}
