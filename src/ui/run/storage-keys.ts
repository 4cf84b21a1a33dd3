/** Where the page keeps the studies of the base checkpoint (localStorage); the runner's chart capture fills it too. */
export const BASE_STUDIES_KEY = 'grpo-lab.base-studies.v1';
