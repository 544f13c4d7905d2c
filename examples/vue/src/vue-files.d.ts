// .vue files, for TypeScript outside Vue's compiler (tsc --noEmit).
declare module "*.vue" {
  import type { DefineComponent } from "vue";
  const component: DefineComponent<any, any, any>;
  export default component;
}
