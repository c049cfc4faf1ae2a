// SPDX-License-Identifier: MPL-2.0
// What only a page with a directory of lists needs (docs/WIDGET.md, "A directory of lists"): its checker and its
// verdict view. The widget imports this module when it is given a directory (api/checker.js, loadDirectoryMode),
// so a one-list page never downloads it; web/tools/build.mjs emits it as dist/directory.mjs. It holds no state
// of its own: the checker and the view are made over the loading widget's pieces.
export { directoryCheckerClass, readDirectoryBytes, directoryStatus, MAX_DIRECTORY_BYTES } from './api/directory-checker.js';
export { directoryView } from './ui/view-directory-result.js';
// Its strings, which ui/text.js adds to the widget's tables when this module loads (api/checker.js).
export { DIRECTORY_TABLES as directoryTexts } from './i18n/directory-tables.js';
