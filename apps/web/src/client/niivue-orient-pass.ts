/**
 * NiiVue turns a scalar volume into the colour texture that its slices and 3D render sample with an
 * "orient" pass: one draw per slice whose fragment shader handles every layer kind (overlay blending,
 * negative colormaps, alpha thresholds, modulation). Software WebGL (Chromium's SwiftShader) pays for
 * those branches on every voxel even when they are off: for a 512×512×89 CT the pass took ~0.7 s of the
 * ~1.1 s that NiiVue's upload needs before the first frame, and it runs again on every window change.
 *
 * `specializeOrientPass` gives the background layer a shader without the branches it never takes:
 * layer 0 (nothing to blend with: NiiVue's blend texture is empty there), colormap type 0 (no alpha
 * threshold, not from zero), no negative colormap, no label colormap, no modulation. Its output is NiiVue's
 * own, bit for bit (test/e2e/niivue-software-gl.test.ts). It is used only when NiiVue's shaders are the
 * ones it was derived from (NiiVue 0.69; checked by their source text) and only for such a layer;
 * everything else goes through NiiVue's shaders unchanged.
 */
import type { NVImage, Niivue } from '@niivue/niivue';

type NiivueShader = NonNullable<Niivue['orientShaderI']>;
type ScalarOrientShader = 'orientShaderU' | 'orientShaderI' | 'orientShaderF';

/** NiiVue 0.69's orient fragment shader (after its sampler declaration), as in its shader-srcs.ts. */
const NIIVUE_ORIENT_FRAGMENT_FNV1A = 0xb16e4555;

const BACKGROUND_FRAGMENT = `#line 1
precision highp int;
precision highp float;
in vec2 TexCoord;
out vec4 FragColor;
uniform float coordZ;
uniform float layer;
uniform float scl_slope;
uniform float scl_inter;
uniform float cal_max;
uniform float cal_min;
uniform highp sampler2D colormap;
uniform float opacity;
uniform mat4 mtx;
void main(void) {
	vec4 vx = vec4(TexCoord.xy, coordZ, 1.0) * mtx;
	if ((vx.x < 0.0) || (vx.x > 1.0) || (vx.y < 0.0) || (vx.y > 1.0) || (vx.z < 0.0) || (vx.z > 1.0)) {
		FragColor = vec4(0.0); // NiiVue reads its blend texture here: empty (zero) for the background layer
		return;
	}
	float f = (scl_slope * float(texture(intensityVol, vx.xyz).r)) + scl_inter;
	float r = max(0.00001, abs(cal_max - cal_min));
	float mn = min(cal_min, cal_max);
	float txl = mix(0.0, 1.0, (f - mn) / r);
	if (f > mn)
		txl = max(txl, 2.0/256.0);
	float nlayer = float(textureSize(colormap, 0).y);
	float y = ((2.0 * layer) + 1.5)/nlayer;
	FragColor = texture(colormap, vec2(txl, y)).rgba;
	FragColor.a *= opacity;
}`;

/** 32-bit FNV-1a of a string's UTF-16 code units (a fingerprint, not a security measure). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function shaderSources(gl: WebGL2RenderingContext, program: WebGLProgram): { vertex: string; fragment: string } | null {
  let vertex: string | null = null;
  let fragment: string | null = null;
  for (const shader of gl.getAttachedShaders(program) ?? []) {
    const source = gl.getShaderSource(shader);
    if (gl.getShaderParameter(shader, gl.SHADER_TYPE) === gl.VERTEX_SHADER) vertex = source;
    else fragment = source;
  }
  return vertex !== null && fragment !== null ? { vertex, fragment } : null;
}

/** `#version 300 es\nuniform highp isampler3D intensityVol;\n` + the shared orient shader body. */
function splitSampler(fragment: string): { sampler: string; body: string } | null {
  const m = /^(#version 300 es\s*uniform highp [iu]?sampler3D intensityVol;\s*)([\s\S]*)$/.exec(fragment);
  return m ? { sampler: m[1]!, body: m[2]! } : null;
}

/** Whether NiiVue would run this layer through the branches the background shader leaves out. */
function isPlainBackground(item: NVImage, layer: number): boolean {
  return layer === 0 && (item.colormapType ?? 0) === 0 && item.colormapNegative === '' && !item.colormapLabel &&
    item.modulationImage === null && !('alphaThreshold' in item) && item.hdr?.intent_code !== 1002;
}

/**
 * Use the background shader for `nv`'s plain background layers (after `attachToCanvas`, before the first
 * volume). Returns false, leaving NiiVue as it was, when its shaders are not the expected ones.
 */
export function specializeOrientPass(nv: Niivue): boolean {
  const gl = nv.gl;
  const replacements = new Map<ScalarOrientShader, NiivueShader>();
  for (const key of ['orientShaderU', 'orientShaderI', 'orientShaderF'] as const) {
    const original = nv[key];
    if (!original) return false;
    const src = shaderSources(gl, original.program);
    const split = src && splitSampler(src.fragment);
    if (!src || !split || fnv1a(split.body) !== NIIVUE_ORIENT_FRAGMENT_FNV1A) return false;
    // NiiVue's own Shader class: it finds the uniforms as NiiVue's code expects
    const ShaderClass = original.constructor as new (gl: WebGL2RenderingContext, vertex: string, fragment: string) => NiivueShader;
    try {
      replacements.set(key, new ShaderClass(gl, src.vertex, split.sampler + BACKGROUND_FRAGMENT));
    } catch {
      return false;
    }
  }
  const refreshLayers = nv.refreshLayers.bind(nv);
  nv.refreshLayers = (item, layer) => {
    if (!isPlainBackground(item, layer)) {
      refreshLayers(item, layer);
      return;
    }
    const originals = [...replacements.keys()].map((key) => [key, nv[key]] as const);
    for (const [key, shader] of replacements) nv[key] = shader;
    try {
      refreshLayers(item, layer);
    } finally {
      for (const [key, shader] of originals) nv[key] = shader;
    }
  };
  return true;
}
