'use client';
/**
 * WebGL calls return before the GPU has run them; with software WebGL (SwiftShader) uploading a CT
 * volume takes about a second after NiiVue's calls have returned. `gpuIdle` resolves once the GPU has
 * finished every command issued on `gl` so far, without blocking the page meanwhile: a fence, polled
 * (every 8 ms; browsers update a fence's status between tasks only).
 */
export async function gpuIdle(gl: WebGL2RenderingContext): Promise<void> {
  const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
  if (!sync) return; // context lost: nothing will run
  gl.flush();
  try {
    while (gl.getSyncParameter(sync, gl.SYNC_STATUS) !== gl.SIGNALED && !gl.isContextLost()) {
      await new Promise((resolve) => setTimeout(resolve, 8));
    }
  } finally {
    gl.deleteSync(sync);
  }
}
