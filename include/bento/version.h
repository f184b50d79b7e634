#ifndef BENTO_VERSION_H
#define BENTO_VERSION_H

#ifndef BENTO_VERSION
#define BENTO_VERSION "0.1.0"
#endif
#define BENTO_USER_AGENT "bento-console/" BENTO_VERSION

#endif
