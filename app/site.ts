/**
 * Your repository's web address (e.g. https://github.com/you/your-app): the home page and the
 * footer then link to its README. Unset, they name README.md in the checkout instead.
 */
export const REPOSITORY_URL: string | undefined = undefined;
