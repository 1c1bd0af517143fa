/**
 * NiiVue 0.69 computes a gradient texture (a blur pass and a Sobel pass, one draw per slice over the
 * whole volume, into two RGBA textures the size of the volume) in every `refreshLayers` of the
 * background volume: when a volume is added, on every window/level change, on every overlay added or
 * removed. Only the lit render shaders read that texture (`setVolumeRenderIllumination(> 0)`,
 * `setGradientOpacity(> 0)`); the default volume render shader, which our 3D views use, does not. In
 * Chromium's software WebGL (SwiftShader) the passes took ~5 s of the ~6 s between "volume received" and
 * "first frame" for a 512×512×89 CT.
 *
 * `skipUnusedGradientPasses` makes them (nearly) free: the two shaders that serve only the gradient
 * passes (second-order gradients: NiiVue's pre-pass blur and second-order Sobel) become a program that
 * draws nothing, and the passes' two textures shrink to 1×1 per slice (NiiVue still attaches each slice
 * to a framebuffer, so the slice count stays). The 2D slices and the 3D render are drawn as before.
 * Never combine it with illumination or gradient opacity: the gradient texture would stay empty.
 */
import type { Niivue } from '@niivue/niivue';

type NiivueShader = NonNullable<Niivue['gradientPrePassShader']>;

/** Every vertex outside the clip volume: the triangles are clipped away, no fragment runs. */
const NOTHING_VERT = `#version 300 es
void main() { gl_Position = vec4(2.0, 2.0, 2.0, 1.0); }`;
const NOTHING_FRAG = `#version 300 es
precision mediump float;
out vec4 color;
void main() { color = vec4(0.0); }`;

function compileNothing(gl: WebGL2RenderingContext): WebGLProgram | null {
  const program = gl.createProgram();
  for (const [type, src] of [[gl.VERTEX_SHADER, NOTHING_VERT], [gl.FRAGMENT_SHADER, NOTHING_FRAG]] as const) {
    const shader = gl.createShader(type);
    if (!shader) return null;
    gl.shaderSource(shader, src);
    gl.compileShader(shader);
    gl.attachShader(program, shader);
    gl.deleteShader(shader); // flagged: freed with the program
  }
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
    gl.deleteProgram(program);
    return null;
  }
  return program;
}

/**
 * Make NiiVue's gradient passes nearly free on `nv` (after `attachToCanvas`, before the first volume).
 * Returns false, leaving NiiVue as it was (correct, only slower), when the program cannot be built.
 */
export function skipUnusedGradientPasses(nv: Niivue): boolean {
  const gl = nv.gl;
  const program = compileNothing(gl);
  if (!program) return false;
  // uniform lookups on it give undefined, which WebGL treats as a null location: a no-op
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- NiiVue types its shader slots as its Shader class; a stand-in with the members NiiVue uses (program, uniforms, use) is the point of this pass
  const nothing: NiivueShader = { program, uniforms: {}, use: (g) => g.useProgram(program) };
  nv.opts.gradientOrder = 2; // the pre-pass and second-order Sobel shaders serve gradientGL alone
  nv.gradientPrePassShader = nothing;
  nv.sobelSecondOrderShader = nothing;
  // gradientGL allocates its textures through nv.rgbaTex: unit 6 holds the gradient (nothing else uses
  // it), unit 8 with zero-fill and more than 2 slices its blurred copy (unit 8's other use, the PAQD
  // texture, is either 2×2×2 or not zero-filled). Both keep their slice count, at 1×1 pixel a slice.
  const rgbaTex = nv.rgbaTex.bind(nv);
  nv.rgbaTex = (texID, activeID, dims, isInit = false) => {
    const isGradient = activeID === gl.TEXTURE6 || (activeID === gl.TEXTURE8 && isInit && (dims[3] ?? 0) > 2);
    return rgbaTex(texID, activeID, isGradient ? [dims[0] ?? 3, 1, 1, dims[3] ?? 1] : dims, isInit);
  };
  return true;
}
