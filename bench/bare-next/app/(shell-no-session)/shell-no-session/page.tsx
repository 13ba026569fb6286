// The app's no-auth twin of the dashboard, exactly: only what is around it differs.
export { default, metadata } from '@/app/(bench)/benchmark-baseline/page.bench';
