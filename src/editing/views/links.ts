// Addresses of the editors' pages for one subject ("page/home", "record/help-services/kjt"…).

export const editHref = (subject: string, extra = '') => `/office/content/edit?subject=${encodeURIComponent(subject)}${extra}`;
export const historyHref = (subject: string, extra = '') => `/office/content/history?subject=${encodeURIComponent(subject)}${extra}`;
