// SPDX-FileCopyrightText: 2026 Atrium contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// ESLint for the portal's modules (browser) and their unit tests (Node).

import js from '@eslint/js';
import globals from 'globals';

export default [
    js.configs.recommended,
    {
        files : [ 'src/**/*.js' ],
        languageOptions : {ecmaVersion : 2022, sourceType : 'module', globals : globals.browser},
    },
    {
        files : [ 'test/**/*.mjs', 'eslint.config.js' ],
        languageOptions : {ecmaVersion : 2022, sourceType : 'module', globals : globals.node},
    },
];
