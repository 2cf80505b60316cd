/* Entry point of libhtapod: binds the natives of each Java class by name. */
#include "htapod.h"

__attribute__((visibility("default"))) jint JNI_OnLoad(JavaVM *vm, void *reserved) {
  (void)reserved;
  JNIEnv *env;
  if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK) return JNI_ERR;
  if (register_sandbox_natives(env) != 0) return JNI_ERR;
  if (register_tun_natives(env) != 0) return JNI_ERR;
  if (register_ping_natives(env) != 0) return JNI_ERR;
  if (register_sockdiag_natives(env) != 0) return JNI_ERR;
  if (register_warm_natives(env) != 0) return JNI_ERR;
  return JNI_VERSION_1_8;
}
