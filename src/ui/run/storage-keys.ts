/** Where the page keeps the studies of the base checkpoint (localStorage); the runner's chart capture fills it too. */
export const BASE_STUDIES_KEY = 'grpo-lab.base-studies.v1';

/** The backend this browser's probe found fastest, with the adapters it was measured on (localStorage). */
export const BACKEND_CHOICE_KEY = 'grpo-lab.backend-choice.v1';
