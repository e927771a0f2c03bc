// ESLint: typescript-eslint's recommended type-checked rules over the action's code and its tests.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// The rules that flag every use of a value typed `any`.
const noUnsafeAny = {
  '@typescript-eslint/no-unsafe-member-access': 'off',
  '@typescript-eslint/no-unsafe-assignment': 'off',
  '@typescript-eslint/no-unsafe-argument': 'off',
  '@typescript-eslint/no-unsafe-call': 'off',
  '@typescript-eslint/no-unsafe-return': 'off'
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.lint.json', tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      // `const { a: _a, ...rest } = o` is how an object is copied without some of its properties.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }]
    }
  },
  {
    // The risk analysis walks the JSON syntax tree of PostgreSQL's own parser (PgNode): it has no static
    // type per node kind, and the code checks each node's shape at run time before it relies on it.
    files: ['src/risk/**/*.ts'],
    rules: noUnsafeAny
  },
  {
    // Tests assert on query rows and on parsed JSON (summaries, outputs, reports), which are `any` by
    // nature; every other type-checked rule stays on for them.
    files: ['__tests__/**/*.ts'],
    rules: noUnsafeAny
  }
)
