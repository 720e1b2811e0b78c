/* smtpcode.h - SMTP status codes, reply codes and commands (engine/smtpcode.c). */
#ifndef BNC_SMTPCODE_H
#define BNC_SMTPCODE_H
#include "table.h"
extern const struct bnc_table bnc_status_table;
int  bnc_status_name(const char *status, struct bnc_hit *hit);
int  bnc_status_find(const char *text, const char *replycode, char out[16]);
int  bnc_status_test(const char *status);
const char *bnc_status_prefer(const char *given, const char *found, const char *replycode);
void bnc_status_code(int reason, int temporary, char out[16]);
int  bnc_reply_find(const char *text, const char *statusclass, char out[4]);
int  bnc_reply_test(const char *code);
int  bnc_is_permanent(const char *text);
int  bnc_is_temporary(const char *text);
int  bnc_command_test(const char *command);
int  bnc_command_find(const char *text, char out[16]);
#endif
