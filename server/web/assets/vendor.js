// Third-party browser bundles (UMD files served from node_modules under /assets/vendor/), loaded on the first
// page that needs them: ECharts is about 1 MB, and the lists need neither.

/** Resolves to window[globalName], adding the script tag once (the tag itself marks that loading started). */
export function loadScript(src, globalName) {
  if (window[globalName]) return Promise.resolve(window[globalName]);
  let tag = document.querySelector(`script[src="${src}"]`);
  if (!tag) {
    tag = document.createElement('script');
    tag.src = src;
    document.head.append(tag);
  }
  return new Promise((resolve, reject) => {
    if (window[globalName]) resolve(window[globalName]);
    tag.addEventListener('load', () => resolve(window[globalName]), { once: true });
    tag.addEventListener('error', () => reject(new Error(`could not load ${src}`)), { once: true });
  });
}

export const loadECharts = () => loadScript('/assets/vendor/echarts.min.js', 'echarts');
export const loadDiff = () => loadScript('/assets/vendor/diff.min.js', 'Diff');
